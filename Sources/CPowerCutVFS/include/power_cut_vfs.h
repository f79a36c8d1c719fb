#ifndef KIOSK_POWER_CUT_VFS_H
#define KIOSK_POWER_CUT_VFS_H

/*
 * A SQLite VFS for tests and the crash harness that behaves like a disk losing power, in the spirit
 * of SQLite's own crash tests (src/test6.c). It wraps the "unix" VFS of the system libsqlite3 (the
 * one GRDB links): writes and truncations stay in process memory until xSync writes them to the
 * real file; a cut throws away everything not synced, optionally letting a prefix of the last block
 * written reach the file (a torn write). Because unsynced data lives only in this process, a SIGKILL
 * of the process loses it too: killing a process that uses this VFS is a power cut.
 *
 * Unsynced data is shared by every handle on the same path, as an operating system's page cache is,
 * so the connections of one pool see each other's writes; locks and the WAL index (xShm*) are the
 * unix VFS's own. Only main databases, rollback journals and WALs are buffered; temporary files pass
 * straight through.
 *
 * This header deliberately does not include <sqlite3.h>: Swift already sees SQLite through GRDB's
 * module, and SQLite result codes are returned as plain ints.
 */

#include <stdint.h>

/* The name the VFS is registered under. */
#define KIOSK_POWER_CUT_VFS_NAME "kiosk-power-cut"

/* The size of the blocks unsynced data is kept in. */
#define KIOSK_POWER_CUT_BLOCK_BYTES 4096

/* Registers the VFS (again, harmlessly, if it already is); with `make_default` it becomes the VFS
 * of every connection opened afterwards without a `vfs=` parameter. Returns a SQLite result code. */
int kiosk_power_cut_install(int make_default);

/* What a cut did. */
typedef struct {
    /* Unsynced bytes thrown away (whole blocks). */
    uint64_t dropped_bytes;
    /* Bytes of the torn block that reached the real file (0 when nothing tore). */
    uint64_t torn_bytes;
    /* Handles that went dead. */
    uint64_t dead_handles;
} kiosk_power_cut_report;

/* Cuts the power of the files under `directory` now (one simulated station among others in the
 * process, as in a test run; other databases keep their unsynced data and their deletes): every file
 * open through the VFS under it goes dead (its later writes, syncs and truncations, and every xDelete
 * while one of them is still open, are dropped; reads see the real file) and its unsynced data is
 * discarded. With `tear`, the seed picks one file whose last written block is unsynced and a prefix
 * length (0 to the whole block) of it that reaches the real file first. The caller then closes every
 * connection (errors from closing dead files are expected) and opens the database again: it sees
 * exactly what was synced. */
kiosk_power_cut_report kiosk_power_cut_directory(const char *directory, int tear, uint64_t seed);

/* Arms a cut that happens inside the `after_writes`-th buffered write from now to a file under
 * `directory` (every file when NULL), and cuts those files alone (that write is the last block
 * written, so it is the one that may tear); 0 disarms. The arming is used once; a cut of its files by
 * another call disarms it. Scoped to a directory, it neither counts nor cuts the writes of other
 * databases in the process (other tests' stations running beside it). */
void kiosk_power_cut_arm(uint64_t after_writes, int tear, uint64_t seed, const char *directory);

/* Whether the cut last armed has happened, with what it did in `report` when it has. */
int kiosk_power_cut_armed_fired(kiosk_power_cut_report *report);

/* Counters since the process started. */
typedef struct {
    /* xWrite calls buffered. */
    uint64_t writes;
    /* xSync calls that wrote a file's unsynced data to the real file. */
    uint64_t syncs;
    /* Bytes written to real files by those syncs. */
    uint64_t synced_bytes;
    /* Cuts, called or armed. */
    uint64_t cuts;
    /* Bytes that reached real files as torn writes, over all cuts. */
    uint64_t torn_bytes;
    /* Unsynced bytes held right now. */
    uint64_t unsynced_bytes;
} kiosk_power_cut_counters;

kiosk_power_cut_counters kiosk_power_cut_read_counters(void);

#endif
