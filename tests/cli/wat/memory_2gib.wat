;; A memory whose initial size is 2 GiB that the guest never touches: cheap when memory is
;; committed on first touch; under ulimit -v 1 GiB, instantiation fails with an error, not a crash.
(module
  (memory 32768)
  (func (export "_start")))
