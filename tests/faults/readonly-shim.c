/*
 * Test-only LD_PRELOAD shim for the "read-only disk" fault (tests/faults/disk.ts).
 *
 * Linux refuses `mount -o remount,ro` while a process holds a file open for writing (EBUSY),
 * and `chattr +i` does not affect descriptors that are already open: neither can turn the
 * running server's disk read-only. A filesystem that goes read-only under a running process
 * (ext4 after an error, errors=remount-ro) answers every write with EROFS; this shim does the
 * same for files under $FAULTS_RO_DIR while the file $FAULTS_RO_FLAG exists, and nothing else.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static int blocked(int fd) {
  const char *dir = getenv("FAULTS_RO_DIR");
  const char *flag = getenv("FAULTS_RO_FLAG");
  if (!dir || !flag) return 0;
  struct stat st;
  if (stat(flag, &st) != 0) return 0;
  char link[64], target[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, target, sizeof target - 1);
  if (n <= 0) return 0;
  target[n] = 0;
  return strncmp(target, dir, strlen(dir)) == 0;
}

typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef int (*ftruncate_fn)(int, off_t);
typedef int (*fsync_fn)(int);

#define REAL(name, type) \
  static type real_##name; \
  if (!real_##name) real_##name = (type)dlsym(RTLD_NEXT, #name)

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
  REAL(pwrite64, pwrite_fn);
  if (blocked(fd)) { errno = EROFS; return -1; }
  return real_pwrite64(fd, buf, count, offset);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
  REAL(pwrite, pwrite_fn);
  if (blocked(fd)) { errno = EROFS; return -1; }
  return real_pwrite(fd, buf, count, offset);
}

ssize_t write(int fd, const void *buf, size_t count) {
  REAL(write, write_fn);
  if (blocked(fd)) { errno = EROFS; return -1; }
  return real_write(fd, buf, count);
}

int ftruncate64(int fd, off_t length) {
  REAL(ftruncate64, ftruncate_fn);
  if (blocked(fd)) { errno = EROFS; return -1; }
  return real_ftruncate64(fd, length);
}

int fsync(int fd) {
  REAL(fsync, fsync_fn);
  if (blocked(fd)) { errno = EROFS; return -1; }
  return real_fsync(fd);
}
