#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include "clinux.h"

ssize_t lectern_copy_file_range(int fd_in, int64_t *off_in, int fd_out, int64_t *off_out, size_t len) {
    loff_t in = *off_in, out = *off_out;
    ssize_t n = copy_file_range(fd_in, &in, fd_out, &out, len, 0);
    *off_in = in;
    *off_out = out;
    return n;
}

int lectern_start_writeback(int fd, int64_t offset, int64_t length) {
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE);
}

int lectern_set_direct(int fd, int on) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, on ? (flags | O_DIRECT) : (flags & ~O_DIRECT));
}

#include <malloc.h>
#include <signal.h>
#include <sys/prctl.h>

void lectern_keep_freed_memory(int mmap_threshold, int trim_threshold) {
    mallopt(M_MMAP_THRESHOLD, mmap_threshold);
    mallopt(M_TRIM_THRESHOLD, trim_threshold);
}

int lectern_die_with_parent(void) {
    return prctl(PR_SET_PDEATHSIG, SIGKILL);
}
