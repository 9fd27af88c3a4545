# cmake -DATTEST=path/to/attest -DOUT=attest.1 -P ManPage.cmake: the man page from the CLI's help.
execute_process(COMMAND "${ATTEST}" help --man OUTPUT_FILE "${OUT}" RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "attest help --man failed: ${status}")
endif()
