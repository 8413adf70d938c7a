/* The single-file launcher of cine's frozen ffprobe, ffmpeg and cine on Linux (x86-64,
 * aarch64) and macOS (packaging/README.md); Windows has launcher_win.c.
 *
 * The file is this program followed by a payload: the PyInstaller onedir bundle, archived
 * by packaging/build_dist.py and deflated, then a trailer (launcher.h: magic, payload
 * offset and size, SHA-256 of the payload). build_dist.py compiles this file with
 * CINE_KEY, the bundle's version and the start of the payload's SHA-256, which names the
 * cache folder.
 *
 * Every run after the first costs one execve: the bundle's program under
 * $XDG_CACHE_HOME/cine/<key>/ (default ~/.cache/cine/<key>/, on macOS
 * ~/Library/Caches/cine/<key>/) is run with the same arguments, the tool's name in
 * CINE_PROG. When it is not there (the first run), the payload is unpacked into a fresh
 * temporary folder next to it, its SHA-256 checked, and the folder renamed into place: a
 * rename is atomic, so a concurrent first run either wins or finds the other's complete
 * folder, and a killed one leaves at most its temporary folder. Nothing is written
 * anywhere else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef __APPLE__
#include <mach-o/dyld.h>                /* _NSGetExecutablePath */
#endif

#include "launcher.h"

#ifndef CINE_KEY
#error "build with -DCINE_KEY=\"<version>-<hash>\" (packaging/build_dist.py does)"
#endif

#ifdef __APPLE__
#define DEFAULT_CACHE "Library/Caches/cine"     /* under HOME, without XDG_CACHE_HOME */
#else
#define DEFAULT_CACHE ".cache/cine"
#endif

static const char *program_name;
static char unpacking[PATH_MAX + 32];   /* the temporary folder of a first run, while filled */
static int self_fd = -1;                /* its own file, while unpacking */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    remove(path);
    return 0;
}

static void die(const char *what, const char *path)
{
    int err = errno;
    if (unpacking[0])
        nftw(unpacking, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    errno = err;
    if (path)
        fprintf(stderr, "%s: %s %s: %s\n", program_name, what, path, strerror(errno));
    else
        fprintf(stderr, "%s: %s\n", program_name, what);
    exit(1);
}

static void fail(const char *what)
{
    die(what, NULL);
}

static long self_read(unsigned char *buf, size_t n)
{
    return (long)read(self_fd, buf, n);
}

static void unpack(payload *p, const char *root)
{
    unsigned char buf[1 << 16];
    char path[ENTRY_PATH * 2];
    entry e;
    while (next_entry(p, &e)) {
        mode_t mode = (mode_t)e.mode;
        uint64_t dlen = e.size;
        if (snprintf(path, sizeof path, "%s/%s", root, e.path) >= (int)sizeof path)
            die("damaged payload (path)", NULL);
        if (e.type == 'd') {
            if (mkdir(path, 0700) && errno != EEXIST)
                die("cannot create", path);
        } else if (e.type == 'l') {
            if (dlen >= ENTRY_PATH)
                die("damaged payload (link)", NULL);
            char target[ENTRY_PATH];
            payload_read(p, target, (size_t)dlen);
            target[dlen] = 0;
            if (symlink(target, path))
                die("cannot create", path);
        } else if (e.type == 'f') {
            int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode | 0600);
            if (fd < 0)
                die("cannot create", path);
            while (dlen) {
                size_t n = dlen < sizeof buf ? (size_t)dlen : sizeof buf;
                payload_read(p, buf, n);
                for (size_t done = 0; done < n;) {
                    ssize_t w = write(fd, buf + done, n - done);
                    if (w < 0)
                        die("cannot write", path);
                    done += (size_t)w;
                }
                dlen -= n;
            }
            if (close(fd))
                die("cannot write", path);
        } else {
            die("damaged payload (entry)", NULL);
        }
    }
}

static void mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(path, 0700) && errno != EEXIST)
            die("cannot create", path);
        *p = '/';
    }
    if (mkdir(path, 0700) && errno != EEXIST)
        die("cannot create", path);
}

/* The path of this program's own file. */
static const char *self_path(void)
{
#ifdef __APPLE__
    static char path[PATH_MAX], real[PATH_MAX];
    uint32_t size = sizeof path;
    if (_NSGetExecutablePath(path, &size))
        die("its own path is too long", NULL);
    if (!realpath(path, real))
        die("cannot open", path);
    return real;
#else
    return "/proc/self/exe";
#endif
}

/* Unpack the payload of this program's file into `final` (a folder that does not exist yet). */
static void install(const char *parent, const char *final)
{
    const char *self = self_path();
    int fd = open(self, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        die("cannot open", self);
    unsigned char trailer[TRAILER_SIZE];
    off_t end = lseek(fd, 0, SEEK_END);
    if (end < TRAILER_SIZE || pread(fd, trailer, TRAILER_SIZE, end - TRAILER_SIZE) != TRAILER_SIZE)
        die("no payload: this launcher was not built by packaging/build_dist.py", NULL);
    payload *p = calloc(1, sizeof *p);
    if (!p)
        die("out of memory", NULL);
    uint64_t offset = payload_start(p, trailer, (uint64_t)end);
    if (lseek(fd, (off_t)offset, SEEK_SET) < 0)
        die("damaged payload (trailer)", NULL);
    self_fd = fd;

    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", parent);
    mkdirs(dir);
    char *tmp = unpacking;
    snprintf(tmp, sizeof unpacking, "%s/.unpacking-XXXXXX", parent);
    if (!mkdtemp(tmp)) {
        tmp[0] = 0;
        die("cannot create a folder in", parent);
    }
    unpack(p, tmp);
    payload_finish(p, trailer);
    close(fd);
    if (rename(tmp, final)) {
        if (errno != EEXIST && errno != ENOTEMPTY)
            die("cannot create", final);
        /* another first run won the race: its folder is complete */
        nftw(tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    tmp[0] = 0;
}

int main(int argc, char **argv)
{
    (void)argc;
    const char *base = argv[0] ? strrchr(argv[0], '/') : NULL;
    base = base ? base + 1 : (argv[0] ? argv[0] : "cine");
    size_t n = strlen(base);
    if (n >= 7 && !strcmp(base + n - 7, "ffprobe"))
        program_name = "ffprobe";
    else if (n >= 6 && !strcmp(base + n - 6, "ffmpeg"))
        program_name = "ffmpeg";
    else
        program_name = "cine";

    char parent[PATH_MAX], final[PATH_MAX + 64], exe[PATH_MAX + 128];
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        snprintf(parent, sizeof parent, "%s/cine", xdg);
    else if (home && home[0] == '/')
        snprintf(parent, sizeof parent, "%s/" DEFAULT_CACHE, home);
    else
        die("neither HOME nor XDG_CACHE_HOME is set: no place for its cache", NULL);
    if (strlen(parent) > PATH_MAX - 128)
        die("the cache folder's path is too long", NULL);
    snprintf(final, sizeof final, "%s/%s", parent, CINE_KEY);
    snprintf(exe, sizeof exe, "%s/" BUNDLE_PROGRAM, final);

    if (setenv("CINE_PROG", program_name, 1))
        die("out of memory", NULL);
    argv[0] = exe;
    execv(exe, argv);
    if (errno != ENOENT)
        die("cannot run", exe);
    install(parent, final);
    execv(exe, argv);
    die("cannot run", exe);
    return 1;
}
