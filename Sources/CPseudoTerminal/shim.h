#ifndef KIOSK_CPSEUDOTERMINAL_SHIM_H
#define KIOSK_CPSEUDOTERMINAL_SHIM_H
#include <stddef.h>
/* glibc declares these only under _XOPEN_SOURCE / _GNU_SOURCE, which Swift's Glibc module is not built
   with; the prototypes are POSIX (ptsname_r is glibc's) and the symbols are in libc. */
int posix_openpt(int flags);
int grantpt(int fd);
int unlockpt(int fd);
int ptsname_r(int fd, char *buffer, size_t length);
#endif
