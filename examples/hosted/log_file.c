/* log_file - Python's logging module, which registers logging.shutdown with atexit so
 * that a log file gets its last line and is closed however main ends, in C.
 *
 * The program opens a log file, writes to it, registers close_log with coda_register
 * and returns from main with the file still open. coda runs close_log at exit: it
 * writes the closing line and fcloses the file.
 *
 * Usage: coda_log_file <log file>
 */
#include <stdio.h>

#include "coda/coda.h"

struct log {
    FILE *file;
    int lines;
};

static struct log app_log; /* static storage: still there when the exit handlers run */

static void log_line(struct log *log, const char *text) {
    fprintf(log->file, "%s\n", text);
    ++log->lines;
}

/* Registered with coda: the closing line and the fclose that main never does itself. */
static void close_log(void *arg) {
    struct log *log = arg;
    fprintf(log->file, "log closed after %d lines\n", log->lines);
    fclose(log->file);
    printf("close_log: closing line written, log file closed\n");
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <log file>\n", argv[0]);
        return 2;
    }
    app_log.file = fopen(argv[1], "w");
    if (app_log.file == NULL) {
        perror(argv[1]);
        return 1;
    }
    /* coda_register: exit, signals and reset. This program catches no signals, so
     * close_log runs at exit, where stdio is allowed (not so in a signal handler). */
    if (coda_register(close_log, &app_log) != CODA_OK) return 1;

    log_line(&app_log, "service started");
    log_line(&app_log, "handled 3 requests");
    printf("main: %d lines logged; returning from main with the log still open\n", app_log.lines);
    return 0; /* exit() runs close_log */
}
