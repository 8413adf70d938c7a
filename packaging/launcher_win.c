/* The single-file launcher of cine's frozen ffprobe.exe, ffmpeg.exe and cine.exe on Windows
 * (packaging/README.md); launcher.c is the Linux and macOS one, launcher.h what they share
 * (the trailer, the SHA-256, the payload's entries).
 *
 * Windows has no exec that keeps the process, so every run starts the bundle's program,
 * %LOCALAPPDATA%\cine\<key>\cine-bundle.exe, with the same command line (its first word
 * replaced by that program's path), the same standard handles and CINE_PROG set, waits for
 * it and exits with its exit code. The child is put in a job object that kills it when the
 * job's last handle closes: when this process ends, killed too (TerminateProcess, Go's
 * exec.CommandContext, Python's Popen.kill), the program ends with it, no orphan is left.
 * The child shares the console and the process group: Ctrl+C and Ctrl+Break reach it
 * directly, and this process ignores them (it waits for the child's own exit code).
 *
 * The first run unpacks the payload into %LOCALAPPDATA%\cine\.unpacking-<pid>-<n>, checks
 * its SHA-256 and renames the folder into place (MoveFileExW: atomic on one volume); a
 * concurrent first run that loses the race deletes its folder. The bundle holds no symbolic
 * link on Windows (build_dist.py refuses one). Paths stay under MAX_PATH.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <zlib.h>

#include "launcher.h"

#ifndef CINE_KEY
#error "build with -DCINE_KEY=\"<version>-<hash>\" (packaging/build_dist.py does)"
#endif

#define WPATH 1024                      /* wide characters in any path this program builds */

static const char *program_name = "cine";
static wchar_t unpacking[WPATH];        /* the temporary folder of a first run, while filled */
static HANDLE self_file = INVALID_HANDLE_VALUE;
static HANDLE writing = INVALID_HANDLE_VALUE;   /* the file being unpacked */
static HANDLE child;                    /* the bundle's process, once started */

static void remove_tree(const wchar_t *dir);

static void die(const char *what, const wchar_t *path)
{
    DWORD err = GetLastError();
    char reason[256] = "";
    if (writing != INVALID_HANDLE_VALUE)
        CloseHandle(writing);
    if (unpacking[0])
        remove_tree(unpacking);
    if (path) {
        FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, err, 0,
                       reason, sizeof reason, NULL);
        reason[strcspn(reason, "\r\n")] = 0;
        fprintf(stderr, "%s: %s %ls: %s\n", program_name, what, path, reason);
    } else {
        fprintf(stderr, "%s: %s\n", program_name, what);
    }
    exit(1);
}

static void fail(const char *what)
{
    die(what, NULL);
}

static long self_read(unsigned char *buf, size_t n)
{
    DWORD got = 0;
    if (!ReadFile(self_file, buf, (DWORD)n, &got, NULL))
        return -1;
    return (long)got;
}

/* out = a "\\" b (a alone when b is NULL); 0 when that is too long */
static int joined(wchar_t *out, const wchar_t *a, const wchar_t *b)
{
    size_t na = wcslen(a), nb = b ? wcslen(b) : 0;
    if (na + 1 + nb >= WPATH)
        return 0;
    wmemmove(out, a, na);
    if (b) {
        out[na] = L'\\';
        wmemcpy(out + na + 1, b, nb);
        na += 1 + nb;
    }
    out[na] = 0;
    return 1;
}

static void join(wchar_t *out, const wchar_t *a, const wchar_t *b)
{
    if (!joined(out, a, b)) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        die("path too long at", a);
    }
}

static void widen(const char *s, wchar_t *out, int size)
{
    if (!MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, out, size))
        fail("damaged payload (path)");
}

static int exists(const wchar_t *path)
{
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

static void remove_tree(const wchar_t *dir)
{
    wchar_t *path = malloc(WPATH * sizeof *path);
    WIN32_FIND_DATAW found;
    HANDLE h = path && joined(path, dir, L"*") ? FindFirstFileW(path, &found)
                                               : INVALID_HANDLE_VALUE;
    if (h != INVALID_HANDLE_VALUE) {
        do {
            if (!wcscmp(found.cFileName, L".") || !wcscmp(found.cFileName, L".."))
                continue;
            if (!joined(path, dir, found.cFileName))
                continue;
            if (found.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
                remove_tree(path);
            else
                DeleteFileW(path);
        } while (FindNextFileW(h, &found));
        FindClose(h);
    }
    RemoveDirectoryW(dir);
    free(path);
}

static void unpack(payload *p, const wchar_t *root)
{
    static unsigned char buf[1 << 16];
    wchar_t rel[WPATH], path[WPATH];
    entry e;
    while (next_entry(p, &e)) {
        if (strpbrk(e.path, "\\:"))     /* a drive, a stream or another separator */
            fail("damaged payload (path)");
        widen(e.path, rel, WPATH);
        for (wchar_t *c = rel; *c; c++)
            if (*c == L'/')
                *c = L'\\';
        join(path, root, rel);
        if (e.type == 'd') {
            if (!CreateDirectoryW(path, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
                die("cannot create", path);
        } else if (e.type == 'f') {
            writing = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_NEW,
                                  FILE_ATTRIBUTE_NORMAL, NULL);
            if (writing == INVALID_HANDLE_VALUE)
                die("cannot create", path);
            for (uint64_t left = e.size; left;) {
                DWORD n = left < sizeof buf ? (DWORD)left : (DWORD)sizeof buf, put;
                payload_read(p, buf, n);
                if (!WriteFile(writing, buf, n, &put, NULL) || put != n)
                    die("cannot write", path);
                left -= n;
            }
            HANDLE h = writing;
            writing = INVALID_HANDLE_VALUE;
            if (!CloseHandle(h))
                die("cannot write", path);
        } else if (e.type == 'l') {
            fail("damaged payload (a symbolic link: none on Windows)");
        } else {
            fail("damaged payload (entry)");
        }
    }
}

/* Create `path` and the folders above it (those that cannot be, a drive or a share, are
 * left to the last one's error). */
static void mkdirs(wchar_t *path)
{
    for (wchar_t *c = path + 1; *c; c++) {
        if (*c != L'\\' && *c != L'/')
            continue;
        wchar_t keep = *c;
        *c = 0;
        CreateDirectoryW(path, NULL);
        *c = keep;
    }
    if (!CreateDirectoryW(path, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
        die("cannot create", path);
}

static void read_exactly(void *buf, DWORD n)
{
    DWORD got;
    if (!ReadFile(self_file, buf, n, &got, NULL) || got != n)
        fail("no payload: this launcher was not built by packaging/build_dist.py");
}

/* Unpack the payload of `self` into `final` (a folder that does not exist yet). */
static void install(const wchar_t *self, wchar_t *parent, const wchar_t *final,
                    const wchar_t *exe)
{
    self_file = CreateFileW(self, GENERIC_READ,
                            FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                            OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    if (self_file == INVALID_HANDLE_VALUE)
        die("cannot open", self);
    unsigned char trailer[TRAILER_SIZE];
    LARGE_INTEGER end, at;
    if (!GetFileSizeEx(self_file, &end) || end.QuadPart < TRAILER_SIZE)
        fail("no payload: this launcher was not built by packaging/build_dist.py");
    at.QuadPart = end.QuadPart - TRAILER_SIZE;
    if (!SetFilePointerEx(self_file, at, NULL, FILE_BEGIN))
        fail("no payload: this launcher was not built by packaging/build_dist.py");
    read_exactly(trailer, TRAILER_SIZE);
    payload *p = calloc(1, sizeof *p);
    if (!p)
        fail("out of memory");
    at.QuadPart = (LONGLONG)payload_start(p, trailer, (uint64_t)end.QuadPart);
    if (!SetFilePointerEx(self_file, at, NULL, FILE_BEGIN))
        fail("damaged payload (trailer)");

    mkdirs(parent);
    for (unsigned i = 0;; i++) {
        wchar_t name[64];
        swprintf(name, 64, L".unpacking-%lu-%u", (unsigned long)GetCurrentProcessId(), i);
        join(unpacking, parent, name);
        if (CreateDirectoryW(unpacking, NULL))
            break;
        if (GetLastError() != ERROR_ALREADY_EXISTS || i == 1000) {
            wchar_t keep[WPATH];
            join(keep, unpacking, NULL);
            unpacking[0] = 0;
            die("cannot create", keep);
        }
    }
    unpack(p, unpacking);
    payload_finish(p, trailer);
    CloseHandle(self_file);
    /* a virus scanner may hold a new file for a moment, which blocks the folder's rename */
    for (int tries = 0; !MoveFileExW(unpacking, final, 0); tries++) {
        if (exists(exe)) {              /* another first run won the race: its folder is complete */
            remove_tree(unpacking);
            break;
        }
        DWORD err = GetLastError();
        if ((err != ERROR_ACCESS_DENIED && err != ERROR_SHARING_VIOLATION) || tries == 50)
            die("cannot create", final);
        Sleep(100);
    }
    unpacking[0] = 0;
}

static BOOL WINAPI on_console_event(DWORD event)
{
    if (!child)
        return FALSE;                   /* unpacking: stop like any program (default handler) */
    if (event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT)
        return TRUE;                    /* the child got it too: wait for its exit code */
    /* the console closes, log-off, shut-down: the child gets it too; give it its time
     * before this process ends and its job kills the child */
    WaitForSingleObject(child, 10000);
    return FALSE;
}

/* Start `exe` with this process's command line in the job; 0 when `exe` does not exist. */
static int start(const wchar_t *exe, HANDLE job)
{
    const wchar_t *line = GetCommandLineW(), *rest = line;
    if (*rest == L'"') {                /* the first word, as Windows splits it */
        rest = wcschr(rest + 1, L'"');
        rest = rest ? rest + 1 : line + wcslen(line);
    } else {
        while (*rest && *rest != L' ' && *rest != L'\t')
            rest++;
    }
    size_t n = wcslen(exe) + wcslen(rest) + 3;
    wchar_t *cmd = malloc(n * sizeof *cmd);
    if (!cmd)
        fail("out of memory");
    swprintf(cmd, n, L"\"%ls\"%ls", exe, rest);

    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    HANDLE std[3] = {si.hStdInput, si.hStdOutput, si.hStdError};
    for (int i = 0; i < 3; i++)         /* the child gets them whatever our parent gave */
        if (std[i] && std[i] != INVALID_HANDLE_VALUE)
            SetHandleInformation(std[i], HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    if (!CreateProcessW(exe, cmd, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &si, &pi)) {
        DWORD err = GetLastError();
        free(cmd);
        SetLastError(err);
        if (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND)
            return 0;
        die("cannot run", exe);
    }
    free(cmd);
    /* in a job that allows no nesting (before Windows 8) the child runs outside ours */
    if (job)
        AssignProcessToJobObject(job, pi.hProcess);
    child = pi.hProcess;
    ResumeThread(pi.hThread);
    CloseHandle(pi.hThread);
    return 1;
}

int main(void)
{
    static wchar_t self[WPATH], parent[WPATH], final[WPATH], exe[WPATH], key[64];
    DWORD n = GetModuleFileNameW(NULL, self, WPATH);
    if (!n || n >= WPATH)
        fail("its own path is too long");
    wchar_t *base = wcsrchr(self, L'\\');
    wchar_t name[WPATH];
    join(name, base ? base + 1 : self, NULL);
    size_t len = wcslen(name);
    if (len >= 4 && !_wcsicmp(name + len - 4, L".exe"))
        name[len -= 4] = 0;
    if (len >= 7 && !_wcsicmp(name + len - 7, L"ffprobe"))
        program_name = "ffprobe";
    else if (len >= 6 && !_wcsicmp(name + len - 6, L"ffmpeg"))
        program_name = "ffmpeg";

    wchar_t local[WPATH];
    n = GetEnvironmentVariableW(L"LOCALAPPDATA", local, WPATH);
    if (!n || n >= WPATH - 128
            || !(local[1] == L':' || (local[0] == L'\\' && local[1] == L'\\')))
        fail("LOCALAPPDATA is not set to a full path: no place for its cache");
    widen(CINE_KEY, key, 64);
    join(parent, local, L"cine");
    join(final, parent, key);
    join(exe, final, L"" BUNDLE_PROGRAM ".exe");

    wchar_t prog[16];
    widen(program_name, prog, 16);
    if (!SetEnvironmentVariableW(L"CINE_PROG", prog))
        fail("out of memory");
    HANDLE job = CreateJobObjectW(NULL, NULL);  /* not inheritable: only we hold it */
    if (job) {
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION limit;
        memset(&limit, 0, sizeof limit);
        limit.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limit,
                                     sizeof limit)) {
            CloseHandle(job);
            job = NULL;
        }
    }
    SetConsoleCtrlHandler(on_console_event, TRUE);
    if (!start(exe, job)) {
        install(self, parent, final, exe);
        if (!start(exe, job))
            die("cannot run", exe);
    }
    DWORD code = 1;
    WaitForSingleObject(child, INFINITE);
    GetExitCodeProcess(child, &code);
    ExitProcess(code);
}
