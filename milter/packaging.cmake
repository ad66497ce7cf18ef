# packaging.cmake - install rules for the manuals and documentation, and the CPack settings
# that turn `cmake --install` into a Debian package (`cpack -G DEB` in the build directory).
# Included at the end of the top-level CMakeLists.txt. The binaries, the systemd unit and the
# config are installed by their own directories (milter/, milter/daemon/); this file only
# packages them. It does not change any path: a package must be configured with
#   cmake -S . -B build-deb -DCMAKE_INSTALL_PREFIX=/usr
# because the binaries and the unit carry absolute paths computed at configure time
# (GNUInstallDirs puts the config in /etc, not /usr/etc, exactly when the prefix is /usr).
# cpack refuses to build a .deb from a tree configured with another prefix.

install(FILES ${PROJECT_SOURCE_DIR}/milter/man/sa-triage.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/milter/man/sa-triage.yaml.5
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES ${PROJECT_SOURCE_DIR}/milter/man/sa-triage-milter.8
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/samples/filters/sa-triage.sieve
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
# The compiled-in forward layout table (for reference: editing the copy changes nothing)
# and the guide for admins who add a client's words.
install(FILES ${PROJECT_SOURCE_DIR}/config/forward-layouts.yaml
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${PROJECT_SOURCE_DIR}/docs/forward-layouts.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(SA_PACKAGE_MAINTAINER "sa-triage maintainers <postmaster@localhost>"
    CACHE STRING "Maintainer field of the Debian package")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sa-triage)
set(CPACK_PACKAGE_VENDOR "sa-triage")
set(CPACK_PACKAGE_CONTACT "${SA_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Postfix milter that triages forwarded IPA SECURITY ACTION notices")
set(CPACK_PACKAGE_DESCRIPTION
    "sa-triage inspects mail to grant addresses, finds forwarded IPA SECURITY ACTION\n\
notices (attached, pasted inline, redirected), checks their sender, templates, IDs and\n\
DKIM/S-MIME signatures, and tags and routes the message with X-SA-Triage-* headers\n\
before a reviewer sees it. Includes the sa-triage command (check, check-config).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Stage through DESTDIR, the one mechanism every install rule honours, including the
# config's absolute /etc destination.
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postfix")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "dovecot-sieve")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "file:///usr/share/doc/sa-triage/README.md")

# Maintainer scripts and the conffile list (the YAML an admin edits survives upgrades).
set(SA_DEBIAN_CONTROL_DIR ${PROJECT_BINARY_DIR}/debian-control)
file(MAKE_DIRECTORY ${SA_DEBIAN_CONTROL_DIR})
file(WRITE ${SA_DEBIAN_CONTROL_DIR}/conffiles "${SA_INSTALLED_CONFIG}\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/systemd/debian/postinst ${PROJECT_SOURCE_DIR}/systemd/debian/prerm
    ${PROJECT_SOURCE_DIR}/systemd/debian/postrm ${SA_DEBIAN_CONTROL_DIR}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

# Checked when cpack runs (not at configure time: any prefix is fine for a plain build).
file(WRITE ${PROJECT_BINARY_DIR}/packaging_check.cmake
  "if(NOT \"${CMAKE_INSTALL_PREFIX}\" STREQUAL \"/usr\")
  message(FATAL_ERROR \"sa-triage: this tree was configured with CMAKE_INSTALL_PREFIX=\"
    \"${CMAKE_INSTALL_PREFIX}; configure a package build with -DCMAKE_INSTALL_PREFIX=/usr \"
    \"(the binaries and the unit name their installed paths)\")
endif()
")
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_BINARY_DIR}/packaging_check.cmake)

include(CPack)
