# Checks what a layer's private include folder (cmake/Layers.cmake) shows:
#   cmake -DVIEW=<build>/layer-includes/<layer> -DPRESENT=<path>;... -DABSENT=<path>;... -P check_layer_view.cmake
# Each PRESENT path must be readable there, each ABSENT one must not exist.
foreach(path IN LISTS PRESENT)
  if(NOT EXISTS ${VIEW}/${path})
    message(FATAL_ERROR "${VIEW}: ${path} should be visible and is not")
  endif()
endforeach()
foreach(path IN LISTS ABSENT)
  if(EXISTS ${VIEW}/${path} OR IS_SYMLINK ${VIEW}/${path})
    message(FATAL_ERROR "${VIEW}: ${path} should not be visible and is")
  endif()
endforeach()
message(STATUS "${VIEW} shows what its layer may include, and nothing more that was asked")
