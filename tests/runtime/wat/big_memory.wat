(module $big_memory
  (memory (export "memory") 20))
