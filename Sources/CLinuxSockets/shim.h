// Linux socket APIs for CRMTransport's socket server that Swift's Glibc
// module does not export: epoll, eventfd, accept4 and SO_PEERCRED's ucred.
#ifndef CRMBOT_CLINUXSOCKETS_SHIM_H
#define CRMBOT_CLINUXSOCKETS_SHIM_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

// accept4 and struct ucred are declared only under _GNU_SOURCE; declare them
// here so that the shim does not depend on how the headers were first compiled.
extern int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);

static inline int crmbot_accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags) {
    return accept4(fd, addr, addrlen, flags);
}

/// The peer credentials of a Unix socket (layout of Linux's struct ucred).
struct crmbot_ucred {
    pid_t pid;
    uid_t uid;
    gid_t gid;
};

#endif
