# packaging.cmake - install rules for the manuals and documentation, and the CPack settings
# that turn `cmake --install` into a Debian package (`cpack -G DEB` in the build directory).
# Included at the end of the top-level CMakeLists.txt. The binaries, the systemd unit and the
# config are installed by their own directories (milter/, milter/daemon/); this file only
# packages them. It does not change any path: a package must be configured with
#   cmake -S . -B build-deb -DCMAKE_INSTALL_PREFIX=/usr
# because the binaries and the unit carry absolute paths computed at configure time
# (GNUInstallDirs puts the config in /etc, not /usr/etc, exactly when the prefix is /usr).
# cpack refuses to build a .deb from a tree configured with another prefix.

# Manuals and the Debian changelog are installed gzip'd (-9n: no name, no time stamp, so
# the package is reproducible), as Debian policy wants; the build makes them in doc/.
find_program(SA_GZIP gzip REQUIRED)
set(SA_DOC_BUILD_DIR ${PROJECT_BINARY_DIR}/doc)
set(SA_COMPRESSED_DOCS)
function(sa_gzip source name)  # makes ${SA_DOC_BUILD_DIR}/${name}.gz from source
  add_custom_command(OUTPUT ${SA_DOC_BUILD_DIR}/${name}.gz
    COMMAND ${CMAKE_COMMAND} -E copy ${source} ${SA_DOC_BUILD_DIR}/${name}
    COMMAND ${SA_GZIP} -9nf ${SA_DOC_BUILD_DIR}/${name}
    DEPENDS ${source} VERBATIM)
  set(SA_COMPRESSED_DOCS ${SA_COMPRESSED_DOCS} ${SA_DOC_BUILD_DIR}/${name}.gz PARENT_SCOPE)
endfunction()

foreach(page sa-triage.1 sa-triage.yaml.5 sa-triage-milter.8)
  string(REGEX REPLACE ".*\\.([0-9])$" "\\1" section ${page})
  sa_gzip(${PROJECT_SOURCE_DIR}/milter/man/${page} ${page})
  install(FILES ${SA_DOC_BUILD_DIR}/${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/systemd/debian/copyright
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/samples/filters/sa-triage.sieve
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
# The compiled-in forward layout table (for reference: editing the copy changes nothing)
# and the guide for admins who add a client's words.
install(FILES ${PROJECT_SOURCE_DIR}/config/forward-layouts.yaml
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${PROJECT_SOURCE_DIR}/docs/forward-layouts.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The same for the compiled-in printout templates and their guide.
install(FILES ${PROJECT_SOURCE_DIR}/config/printout-templates.yaml
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${PROJECT_SOURCE_DIR}/docs/printouts.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The Maintainer is whoever builds and distributes the .deb (an office's mail admin): the
# project has no address of its own to put there, and an invented one (localhost, an
# example domain) would send bug reports nowhere. Default: Debian's convention for who is
# packaging, $DEBFULLNAME <$DEBEMAIL> (as dch(1) reads them). With neither, plain builds
# and installs work, but cpack stops and says what to set.
set(SA_PACKAGE_MAINTAINER "" CACHE STRING
    "Maintainer of the Debian package, 'Name <address>' (empty: $DEBFULLNAME <$DEBEMAIL>)")
set(SA_DEB_MAINTAINER "${SA_PACKAGE_MAINTAINER}")
if(NOT SA_DEB_MAINTAINER AND NOT "$ENV{DEBEMAIL}" STREQUAL "")
  if("$ENV{DEBEMAIL}" MATCHES "<")
    set(SA_DEB_MAINTAINER "$ENV{DEBEMAIL}")
  elseif(NOT "$ENV{DEBFULLNAME}" STREQUAL "")
    set(SA_DEB_MAINTAINER "$ENV{DEBFULLNAME} <$ENV{DEBEMAIL}>")
  endif()
endif()
# The project has no public web page; a Homepage is set only when one is given.
set(SA_PACKAGE_HOMEPAGE "" CACHE STRING "Homepage field of the Debian package (empty: none)")

# The changelog of this native package (the packaging lives in the source tree): one entry
# for the version, by the maintainer, dated now or $SOURCE_DATE_EPOCH.
if(SA_DEB_MAINTAINER)
  string(TIMESTAMP SA_DEB_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
  configure_file(${PROJECT_SOURCE_DIR}/systemd/debian/changelog.in
                 ${PROJECT_BINARY_DIR}/debian/changelog @ONLY)
  sa_gzip(${PROJECT_BINARY_DIR}/debian/changelog changelog)
  install(FILES ${SA_DOC_BUILD_DIR}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()
add_custom_target(sa_compressed_docs ALL DEPENDS ${SA_COMPRESSED_DOCS})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sa-triage)
set(CPACK_PACKAGE_VENDOR "sa-triage")
set(CPACK_PACKAGE_CONTACT "${SA_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Postfix milter that triages forwarded IPA SECURITY ACTION notices")
set(CPACK_PACKAGE_DESCRIPTION
    "sa-triage inspects mail to grant addresses, finds forwarded IPA SECURITY\n\
ACTION notices (attached, pasted inline, redirected), checks their sender,\n\
templates, IDs and DKIM/S-MIME signatures, and tags and routes the message\n\
with X-SA-Triage-* headers before a reviewer sees it. Includes the sa-triage\n\
command (check, check-config, ledger).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Stage through DESTDIR, the one mechanism every install rule honours, including the
# config's absolute /etc destination.
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# poppler-data: the CMaps poppler needs to read Japanese text in printed PDFs (its
# libraries come from shlibdeps); tesseract-ocr-jpn: the model for printouts.ocr (off by
# default; without it OCR gives printout=ocr-unavailable).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, libgsf-1-114, libytnef0, libldns3, poppler-data")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postfix, tesseract-ocr-jpn")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "dovecot-sieve")
if(SA_PACKAGE_HOMEPAGE)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${SA_PACKAGE_HOMEPAGE}")
endif()

# Maintainer scripts and the conffile list (the YAML an admin edits survives upgrades).
set(SA_DEBIAN_CONTROL_DIR ${PROJECT_BINARY_DIR}/debian-control)
file(MAKE_DIRECTORY ${SA_DEBIAN_CONTROL_DIR})
file(WRITE ${SA_DEBIAN_CONTROL_DIR}/conffiles "${SA_INSTALLED_CONFIG}\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/systemd/debian/postinst ${PROJECT_SOURCE_DIR}/systemd/debian/prerm
    ${PROJECT_SOURCE_DIR}/systemd/debian/postrm ${SA_DEBIAN_CONTROL_DIR}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

# Checked when cpack runs (not at configure time: any prefix and no maintainer are fine for
# a plain build).
configure_file(${PROJECT_SOURCE_DIR}/milter/packaging_check.cmake.in
               ${PROJECT_BINARY_DIR}/packaging_check.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_BINARY_DIR}/packaging_check.cmake)

include(CPack)
