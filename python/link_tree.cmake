# Symlinks every entry of SOURCE (files and sub-directories) into DESTINATION, leaving other
# entries of DESTINATION (the built extension module) alone.
file(MAKE_DIRECTORY ${DESTINATION})
file(GLOB entries RELATIVE ${SOURCE} ${SOURCE}/*)
foreach(entry ${entries})
  if(entry STREQUAL "__pycache__")
    continue()
  endif()
  if(NOT IS_SYMLINK ${DESTINATION}/${entry})
    file(REMOVE_RECURSE ${DESTINATION}/${entry})
    file(CREATE_LINK ${SOURCE}/${entry} ${DESTINATION}/${entry} SYMBOLIC)
  endif()
endforeach()
