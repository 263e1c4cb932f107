# The layers of ARCHITECTURE.md as libraries, with the layer table as the build's rule.
#
#   wasmprof_layer(<layer> SOURCES <file>... [LINK <target>...])
#
# makes the static library wasmprof_<layer> from the sources of the layer's folder. Its files see,
# through a private include directory built at configure time, only the headers that
# ARCHITECTURE.md's layer table lets the layer include: its own folder, the folders (or single
# headers) in its "may include" cell, and what those layers may include in turn (their headers
# include it); public headers (include/) are visible to all. So an include of a layer above fails
# to compile. A layer's folder may hold another layer's (src/profile/views/ in src/profile/): the
# outer layer then sees its folder without the inner one, unless its row names that layer too.
# tests/arch/check_layers.py checks the same table include by include, without that closure.
# LINK names the libraries whose symbols the layer uses (those implementing the public API it
# calls, too), always lower layers.

include_guard(GLOBAL)

# Reads the table once: WASMPROF_LAYER_USES_<layer> = the entries of its "may include" cell,
# WASMPROF_LAYER_FOLDER_<layer> = its folder under src/ ("profile/views").
function(_wasmprof_read_layer_table)
  # An edit of the table configures the build again.
  set_property(DIRECTORY ${wasmprof_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${wasmprof_SOURCE_DIR}/ARCHITECTURE.md)
  file(STRINGS ${wasmprof_SOURCE_DIR}/ARCHITECTURE.md rows REGEX "^\\| [a-z]+ \\| `src/[a-z/]+/` \\|")
  foreach(row IN LISTS rows)
    string(REGEX MATCH "^\\| ([a-z]+) \\| `src/([a-z/]+)/` \\| ([^|]*)\\|" _ "${row}")
    set(layer ${CMAKE_MATCH_1})
    set(WASMPROF_LAYER_FOLDER_${layer} "${CMAKE_MATCH_2}" CACHE INTERNAL "from ARCHITECTURE.md")
    string(REGEX REPLACE "[ `]" "" uses "${CMAKE_MATCH_3}")
    string(REPLACE "," ";" uses "${uses}")
    list(REMOVE_ITEM uses "-")
    set(WASMPROF_LAYER_USES_${layer} "${uses}" CACHE INTERNAL "from ARCHITECTURE.md")
    list(APPEND layers ${layer})
  endforeach()
  if(NOT layers)
    message(FATAL_ERROR "wasmprof: no layer table found in ARCHITECTURE.md")
  endif()
  set(WASMPROF_LAYERS "${layers}" CACHE INTERNAL "from ARCHITECTURE.md")
endfunction()
_wasmprof_read_layer_table()

# The layer owning `path` (under src/): the one whose folder is the deepest that holds it.
function(_wasmprof_layer_of path out)
  set(owner "")
  set(owner_length 0)
  foreach(layer IN LISTS WASMPROF_LAYERS)
    set(folder ${WASMPROF_LAYER_FOLDER_${layer}})
    string(LENGTH "${folder}" length)
    if((path STREQUAL folder OR path MATCHES "^${folder}/") AND length GREATER owner_length)
      set(owner ${layer})
      set(owner_length ${length})
    endif()
  endforeach()
  set(${out} "${owner}" PARENT_SCOPE)
endfunction()

# What a layer's files can see, as paths under src/: its folder, the folders of the layers and
# the single headers its row names, and the closure over whole layers.
function(_wasmprof_layer_view layer out)
  set(view ${layer})
  set(pending ${WASMPROF_LAYER_USES_${layer}})
  while(pending)
    list(POP_FRONT pending entry)
    if(entry IN_LIST view)
      continue()
    endif()
    list(APPEND view ${entry})
    if(NOT entry MATCHES "/")
      list(APPEND pending ${WASMPROF_LAYER_USES_${entry}})
    endif()
  endwhile()
  # A single header of a layer that is wholly in view is already there (and linking it again
  # through the folder's link would write into the source tree).
  set(result)
  foreach(entry IN LISTS view)
    if(entry MATCHES "/")
      _wasmprof_layer_of(${entry} entry_layer)
      if(NOT entry_layer IN_LIST view)
        list(APPEND result ${entry})
      endif()
    else()
      list(APPEND result ${WASMPROF_LAYER_FOLDER_${entry}})
    endif()
  endforeach()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# Links src/<folder> at <root>/<folder>: the whole folder, or, when it holds other layers'
# folders, each of its entries but those (each is linked where its own layer is in view).
function(_wasmprof_link_folder root folder)
  set(holds_layers FALSE)
  foreach(layer IN LISTS WASMPROF_LAYERS)
    if(WASMPROF_LAYER_FOLDER_${layer} MATCHES "^${folder}/")
      set(holds_layers TRUE)
    endif()
  endforeach()
  if(NOT holds_layers)
    file(CREATE_LINK ${wasmprof_SOURCE_DIR}/src/${folder} ${root}/${folder} SYMBOLIC)
    return()
  endif()
  file(MAKE_DIRECTORY ${root}/${folder})
  # A file added to the folder configures the build again, which links it too.
  file(GLOB entries LIST_DIRECTORIES true CONFIGURE_DEPENDS RELATIVE ${wasmprof_SOURCE_DIR}/src
       ${wasmprof_SOURCE_DIR}/src/${folder}/*)
  foreach(entry IN LISTS entries)
    _wasmprof_layer_of(${entry} entry_layer)
    if(WASMPROF_LAYER_FOLDER_${entry_layer} STREQUAL entry)
      continue()  # another layer's folder
    elseif(IS_DIRECTORY ${wasmprof_SOURCE_DIR}/src/${entry})
      _wasmprof_link_folder(${root} ${entry})
    else()
      file(CREATE_LINK ${wasmprof_SOURCE_DIR}/src/${entry} ${root}/${entry} SYMBOLIC)
    endif()
  endforeach()
endfunction()

# Gives `target` (a library or an executable of `layer`) the layer's private include directory.
function(wasmprof_layer_includes target layer)
  if(NOT layer IN_LIST WASMPROF_LAYERS)
    message(FATAL_ERROR "wasmprof: layer '${layer}' is not in ARCHITECTURE.md's layer table")
  endif()
  set(root ${wasmprof_BINARY_DIR}/layer-includes/${layer})
  if(NOT TARGET _wasmprof_layer_view_${layer})  # built once per layer and configure run
    add_custom_target(_wasmprof_layer_view_${layer})
    _wasmprof_layer_view(${layer} view)
    file(REMOVE_RECURSE ${root})
    foreach(entry IN LISTS view)
      get_filename_component(parent ${root}/${entry} DIRECTORY)
      file(MAKE_DIRECTORY ${parent})
      if(IS_SYMLINK ${parent})
        message(FATAL_ERROR "wasmprof: ${root}/${entry} would be made inside a linked folder")
      endif()
      _wasmprof_layer_of(${entry} entry_layer)
      if(WASMPROF_LAYER_FOLDER_${entry_layer} STREQUAL entry)
        _wasmprof_link_folder(${root} ${entry})
      else()
        file(CREATE_LINK ${wasmprof_SOURCE_DIR}/src/${entry} ${root}/${entry} SYMBOLIC)
      endif()
    endforeach()
  endif()
  target_include_directories(${target} PRIVATE ${root} PUBLIC ${wasmprof_SOURCE_DIR}/include)
endfunction()

function(wasmprof_layer layer)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;LINK")
  list(FIND WASMPROF_LAYERS ${layer} own_rank)
  foreach(library IN LISTS arg_LINK)
    if(library MATCHES "^wasmprof_([a-z]+)$" AND CMAKE_MATCH_1 IN_LIST WASMPROF_LAYERS)
      list(FIND WASMPROF_LAYERS ${CMAKE_MATCH_1} rank)
      if(NOT rank LESS own_rank)
        message(FATAL_ERROR "wasmprof: layer ${layer} may link only layers below it, not ${library}")
      endif()
    endif()
  endforeach()
  add_library(wasmprof_${layer} STATIC ${arg_SOURCES})
  wasmprof_layer_includes(wasmprof_${layer} ${layer})
  target_link_libraries(wasmprof_${layer} PUBLIC ${arg_LINK})
endfunction()
