# Installation and the Debian package.
#
#   cmake --install build --prefix /opt/kmdf-check   lays out:
#     bin/kmdf-check
#     lib/kmdf-check/llvm-<N>/KmdfCheck.so     the plugin for clang-<N>
#     share/doc/kmdf-check/                    README, LICENSE, docs/
#     share/kmdf-check/examples/               the example driver and the
#                                              stand-in WDK header it uses
#   cpack --config build/CPackConfig.cmake     kmdf-check_<version>_<arch>.deb
#
# kmdf-check --print-plugin-path finds the plugin from where the tool is:
# ../lib/kmdf-check/llvm-<N>/ when installed, ../lib/ in the build tree. The
# two must stay in step with tools/kmdf-check/KmdfCheck.cpp.

set(KMDF_PLUGIN_INSTALL_DIR "lib/kmdf-check/llvm-${LLVM_VERSION_MAJOR}")

install(TARGETS kmdf-check RUNTIME DESTINATION bin)
install(TARGETS KmdfCheck LIBRARY DESTINATION ${KMDF_PLUGIN_INSTALL_DIR})
install(FILES README.md LICENSE DESTINATION share/doc/kmdf-check)
install(DIRECTORY docs/ DESTINATION share/doc/kmdf-check/docs)
install(DIRECTORY examples/interrupt-driver
        DESTINATION share/kmdf-check/examples
        PATTERN "*.o" EXCLUDE PATTERN "compile_commands.json" EXCLUDE)
install(FILES test/Inputs/kmdf.h DESTINATION share/kmdf-check/examples/include)

# The Debian package. Its dependencies (cmake/PackageDepends.cmake.in, run
# by cpack): the packages of the libraries the tool and the plugin link, as
# dpkg-shlibdeps finds them (libc6, libstdc++6, libgcc-s1, and LLVM's
# runtime packages libllvm<N> and libclang-cpp<N>), the LLVM ones pinned to
# the LLVM release the tool was built against, whose analyzer API version
# the plugin carries: a plugin loads only into clang of that exact x.y.z.
# The tool also reads that clang's builtin headers (stddef.h, intrin.h...),
# which libclang-common-<N>-dev ships; clang-<N> itself, for the plugin, is
# recommended (apt installs it unless told not to).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kmdf-check)
set(CPACK_PACKAGE_VENDOR "kmdf-check")
set(CPACK_PACKAGE_CONTACT "kmdf-check developers <kmdf-check@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Finds misuse of Windows KMDF locks in driver source (Clang Static Analyzer)")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "kmdf-check runs the Clang Static Analyzer with checkers for the KMDF lock\n rules of Static Driver Verifier over a compilation database, with text,\n SARIF and HTML output, baselines, shards and a result cache for CI, and a\n language server for editors. The package also has the analyzer plugin for\n clang-${LLVM_VERSION_MAJOR} and scan-build.")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/kmdf-check/kmdf-check")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
# The installed files carry no RUNPATH: LLVM's libraries are in the default
# search path (/usr/lib/<multiarch>), where their packages put them.
set(CMAKE_SKIP_INSTALL_RPATH ON)

# The pin: any Debian revision of this x.y.z ("1:19.1.7~" up to "1:19.1.8~").
string(REGEX MATCH "^[0-9]+\\.[0-9]+\\.[0-9]+" KMDF_LLVM_XYZ "${LLVM_PACKAGE_VERSION}")
math(EXPR KMDF_LLVM_NEXT_PATCH "${LLVM_VERSION_PATCH} + 1")
set(KMDF_LLVM_EPOCH "")
find_program(KMDF_DPKG_QUERY dpkg-query)
if(KMDF_DPKG_QUERY)
  execute_process(COMMAND ${KMDF_DPKG_QUERY} -W -f=\${Version}
                          libclang-cpp${LLVM_VERSION_MAJOR}
                  OUTPUT_VARIABLE KMDF_CLANG_CPP_VERSION ERROR_QUIET)
  if(KMDF_CLANG_CPP_VERSION MATCHES "^([0-9]+:)")
    set(KMDF_LLVM_EPOCH "${CMAKE_MATCH_1}")
  endif()
endif()
set(KMDF_LLVM_FIRST "${KMDF_LLVM_EPOCH}${KMDF_LLVM_XYZ}~")
set(KMDF_LLVM_NEXT
    "${KMDF_LLVM_EPOCH}${LLVM_VERSION_MAJOR}.${LLVM_VERSION_MINOR}.${KMDF_LLVM_NEXT_PATCH}~")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "clang-${LLVM_VERSION_MAJOR} (>= ${KMDF_LLVM_FIRST}), clang-${LLVM_VERSION_MAJOR} (<< ${KMDF_LLVM_NEXT})")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "clang-tools-${LLVM_VERSION_MAJOR}")

set(KMDF_TOOL_FILE "${CMAKE_BINARY_DIR}/bin/kmdf-check")
set(KMDF_PLUGIN_FILE "${CMAKE_BINARY_DIR}/lib/KmdfCheck.so")
configure_file(cmake/PackageDepends.cmake.in
               ${CMAKE_BINARY_DIR}/PackageDepends.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_BINARY_DIR}/PackageDepends.cmake)

include(CPack)
