/*
 * The power-cut VFS: see include/power_cut_vfs.h.
 *
 * Model. Each buffered path has one node: the logical size SQLite sees, the prefix of the real file
 * still valid under it (a truncation makes the real bytes past it stale), and a hash table of dirty
 * 4 KiB blocks, each read from the real file on first touch. Reads take the dirty blocks over the
 * valid prefix of the real file, zeros beyond. xSync makes the real file equal to the logical one and
 * empties the table, so memory holds at most what was written since a file's last sync. A node
 * outlives its handles while it is dirty (closing a file does not lose the page cache) and goes with
 * xDelete or a cut.
 *
 * Locking: SQLite calls in from the threads of every connection, so the node list, every node and
 * the list of open handles are guarded by one mutex. Real reads and writes are made with it held,
 * so a sync never interleaves with a read of the same blocks.
 */
#define _GNU_SOURCE
#include "power_cut_vfs.h"

#include <sqlite3.h>

#include <assert.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK_BYTES KIOSK_POWER_CUT_BLOCK_BYTES
#define MIN_BLOCK_SLOTS 16

typedef struct {
    int64_t index;       /* block number; meaningful only when data != NULL */
    unsigned char *data; /* BLOCK_BYTES bytes; NULL marks an empty slot */
} Block;

typedef struct Node {
    struct Node *next;
    char *path;
    int open_handles;
    int unlinked;          /* deleted while open: no longer found by path */
    int64_t logical_size;  /* the size SQLite sees */
    int64_t valid_prefix;  /* real bytes below this are current where no block covers them */
    Block *slots;          /* open addressing, capacity a power of two */
    size_t capacity;
    size_t count;
    int64_t last_block;    /* block of the latest write, -1 when none since the last sync */
} Node;

typedef struct PowerCutFile {
    sqlite3_file base;
    sqlite3_file *real;
    Node *node;   /* NULL: a pass-through file, or a dead one */
    int dead;
    char *dead_path; /* a dead file's path: deletes of it (and of its -wal, -shm) are dropped */
    struct PowerCutFile *next_open;
    struct PowerCutFile *prev_open;
} PowerCutFile;

static pthread_mutex_t state_mutex = PTHREAD_MUTEX_INITIALIZER;
static sqlite3_vfs *unix_vfs;
static sqlite3_vfs power_cut_vfs;
static Node *nodes;
static PowerCutFile *open_files;
static int dead_files_open;
static uint64_t armed_writes_left;
static int armed_tear;
static uint64_t armed_seed;
static char *armed_directory;
static int armed_fired;
static kiosk_power_cut_report armed_report;
static kiosk_power_cut_counters counters;

/* ---- blocks ---------------------------------------------------------------------------------- */

static size_t slot_for(const Node *node, int64_t index) {
    uint64_t hash = (uint64_t)index * 0x9E3779B97F4A7C15ull;
    return (size_t)(hash >> 32) & (node->capacity - 1);
}

static Block *find_block(Node *node, int64_t index) {
    if (node->capacity == 0) return NULL;
    for (size_t slot = slot_for(node, index);; slot = (slot + 1) & (node->capacity - 1)) {
        Block *block = &node->slots[slot];
        if (block->data == NULL) return NULL;
        if (block->index == index) return block;
    }
}

/* Places a block in a table known to have room and not to hold its index. */
static void place_block(Block *slots, size_t capacity, int64_t index, unsigned char *data) {
    uint64_t hash = (uint64_t)index * 0x9E3779B97F4A7C15ull;
    size_t slot = (size_t)(hash >> 32) & (capacity - 1);
    while (slots[slot].data != NULL) slot = (slot + 1) & (capacity - 1);
    slots[slot].index = index;
    slots[slot].data = data;
}

/* Rebuilds the table at `capacity`, keeping only blocks that start below `keep_below` bytes and
 * freeing the others. Returns SQLITE_NOMEM (table unchanged) when memory runs out. */
static int rebuild_blocks(Node *node, size_t capacity, int64_t keep_below) {
    Block *slots = calloc(capacity, sizeof(Block));
    if (slots == NULL) return SQLITE_NOMEM;
    size_t count = 0;
    for (size_t slot = 0; slot < node->capacity; slot++) {
        Block *block = &node->slots[slot];
        if (block->data == NULL) continue;
        if (block->index * BLOCK_BYTES < keep_below) {
            place_block(slots, capacity, block->index, block->data);
            count++;
        } else {
            free(block->data);
            counters.unsynced_bytes -= BLOCK_BYTES;
        }
    }
    free(node->slots);
    node->slots = slots;
    node->capacity = capacity;
    node->count = count;
    return SQLITE_OK;
}

static void free_blocks(Node *node) {
    for (size_t slot = 0; slot < node->capacity; slot++) {
        if (node->slots[slot].data != NULL) {
            free(node->slots[slot].data);
            counters.unsynced_bytes -= BLOCK_BYTES;
        }
    }
    free(node->slots);
    node->slots = NULL;
    node->capacity = 0;
    node->count = 0;
    node->last_block = -1;
}

/* Reads real bytes [offset, offset + amount) through `real`, taking only the node's valid prefix and
 * zero-filling the rest (a short real read is zero-filled by the unix VFS). */
static int read_real(const Node *node, sqlite3_file *real, unsigned char *buffer, int64_t amount, int64_t offset) {
    int64_t valid = node->valid_prefix - offset;
    if (valid < 0) valid = 0;
    if (valid > amount) valid = amount;
    if (valid > 0) {
        int rc = real->pMethods->xRead(real, buffer, (int)valid, offset);
        if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) return rc;
    }
    memset(buffer + valid, 0, (size_t)(amount - valid));
    return SQLITE_OK;
}

/* The dirty block `index`, created from the real file on first touch. */
static int touch_block(Node *node, sqlite3_file *real, int64_t index, Block **out) {
    Block *found = find_block(node, index);
    if (found != NULL) {
        *out = found;
        return SQLITE_OK;
    }
    if ((node->count + 1) * 2 > node->capacity) {
        size_t capacity = node->capacity == 0 ? MIN_BLOCK_SLOTS : node->capacity * 2;
        int rc = rebuild_blocks(node, capacity, INT64_MAX);
        if (rc != SQLITE_OK) return rc;
    }
    unsigned char *data = malloc(BLOCK_BYTES);
    if (data == NULL) return SQLITE_NOMEM;
    int rc = read_real(node, real, data, BLOCK_BYTES, index * BLOCK_BYTES);
    if (rc != SQLITE_OK) {
        free(data);
        return rc;
    }
    place_block(node->slots, node->capacity, index, data);
    node->count++;
    counters.unsynced_bytes += BLOCK_BYTES;
    *out = find_block(node, index);
    return SQLITE_OK;
}

/* ---- nodes ----------------------------------------------------------------------------------- */

static Node *find_node(const char *path) {
    for (Node *node = nodes; node != NULL; node = node->next) {
        if (!node->unlinked && strcmp(node->path, path) == 0) return node;
    }
    return NULL;
}

static void free_node(Node *gone) {
    for (Node **link = &nodes; *link != NULL; link = &(*link)->next) {
        if (*link == gone) {
            *link = gone->next;
            break;
        }
    }
    free_blocks(gone);
    free(gone->path);
    free(gone);
}

static int node_is_clean(const Node *node) {
    return node->count == 0 && node->logical_size == node->valid_prefix;
}

/* ---- the power cut ------------------------------------------------------------------------------ */

static uint64_t split_mix(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Writes the first `length` bytes of `block` to the node's real file: through an open handle on it
 * when there is one (closing a second descriptor would drop the process's POSIX locks on the file),
 * else through a descriptor of its own. */
static void write_torn_prefix(Node *node, const Block *block, int64_t length) {
    int64_t offset = block->index * BLOCK_BYTES;
    for (PowerCutFile *file = open_files; file != NULL; file = file->next_open) {
        if (file->node == node) {
            file->real->pMethods->xWrite(file->real, block->data, (int)length, offset);
            return;
        }
    }
    int fd = open(node->path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    ssize_t written = pwrite(fd, block->data, (size_t)length, offset);
    (void)written;
    close(fd);
}

/* Whether `path` lies under `directory` (NULL: every path). */
static int under(const char *path, const char *directory) {
    if (directory == NULL) return 1;
    size_t length = strlen(directory);
    return strncmp(path, directory, length) == 0 && (path[length] == '/' || directory[length - 1] == '/');
}

static kiosk_power_cut_report cut_locked(int tear, uint64_t seed, const char *directory) {
    kiosk_power_cut_report report = {0, 0, 0};
    uint64_t unsynced_before = counters.unsynced_bytes;
    if (tear) {
        int candidates = 0;
        for (Node *node = nodes; node != NULL; node = node->next) {
            if (!under(node->path, directory)) continue;
            if (node->last_block >= 0 && find_block(node, node->last_block) != NULL) candidates++;
        }
        if (candidates > 0) {
            uint64_t state = seed;
            int chosen = (int)(split_mix(&state) % (uint64_t)candidates);
            for (Node *node = nodes; node != NULL; node = node->next) {
                if (!under(node->path, directory)) continue;
                Block *block = node->last_block >= 0 ? find_block(node, node->last_block) : NULL;
                if (block == NULL || chosen-- > 0) continue;
                int64_t length = (int64_t)(split_mix(&state) % (BLOCK_BYTES + 1));
                int64_t in_file = node->logical_size - block->index * BLOCK_BYTES;
                if (length > in_file) length = in_file;
                if (length > 0) {
                    write_torn_prefix(node, block, length);
                    report.torn_bytes = (uint64_t)length;
                    counters.torn_bytes += (uint64_t)length;
                }
                break;
            }
        }
    }
    for (PowerCutFile *file = open_files; file != NULL; file = file->next_open) {
        if (file->node == NULL || !under(file->node->path, directory)) continue;
        file->dead_path = strdup(file->node->path);
        file->node = NULL;
        file->dead = 1;
        dead_files_open++;
        report.dead_handles++;
    }
    Node **link = &nodes;
    while (*link != NULL) {
        if (under((*link)->path, directory)) {
            free_node(*link);
        } else {
            link = &(*link)->next;
        }
    }
    report.dropped_bytes = unsynced_before - counters.unsynced_bytes;
    assert(directory != NULL || counters.unsynced_bytes == 0);
    if (armed_directory == NULL || under(armed_directory, directory)) armed_writes_left = 0;
    counters.cuts++;
    return report;
}

/* ---- file methods -------------------------------------------------------------------------------- */

static int file_close(sqlite3_file *base) {
    PowerCutFile *file = (PowerCutFile *)base;
    pthread_mutex_lock(&state_mutex);
    if (file->prev_open != NULL) file->prev_open->next_open = file->next_open;
    else if (open_files == file) open_files = file->next_open;
    if (file->next_open != NULL) file->next_open->prev_open = file->prev_open;
    if (file->dead) {
        dead_files_open--;
        free(file->dead_path);
        file->dead_path = NULL;
    } else if (file->node != NULL) {
        Node *node = file->node;
        node->open_handles--;
        if (node->open_handles == 0 && (node->unlinked || node_is_clean(node))) free_node(node);
    }
    pthread_mutex_unlock(&state_mutex);
    return file->real->pMethods->xClose(file->real);
}

/* The part of a span of `total` bytes from `offset` that lies in one block, `done` bytes in: which
 * block, where in it, and how many bytes. Reads and writes walk their spans block by block with it. */
typedef struct {
    int64_t index;
    int64_t within;
    int64_t length;
} BlockSpan;

static BlockSpan block_span(int64_t offset, int64_t done, int64_t total) {
    int64_t position = offset + done;
    BlockSpan span = {position / BLOCK_BYTES, position % BLOCK_BYTES, BLOCK_BYTES - position % BLOCK_BYTES};
    if (span.length > total - done) span.length = total - done;
    return span;
}

static int file_read(sqlite3_file *base, void *buffer, int amount, sqlite3_int64 offset) {
    PowerCutFile *file = (PowerCutFile *)base;
    pthread_mutex_lock(&state_mutex);
    Node *node = file->node;
    if (node == NULL) {
        pthread_mutex_unlock(&state_mutex);
        return file->real->pMethods->xRead(file->real, buffer, amount, offset);
    }
    unsigned char *bytes = buffer;
    int64_t available = node->logical_size - offset;
    if (available < 0) available = 0;
    if (available > amount) available = amount;
    int rc = SQLITE_OK;
    for (int64_t done = 0; done < available && rc == SQLITE_OK;) {
        BlockSpan span = block_span(offset, done, available);
        Block *block = find_block(node, span.index);
        if (block != NULL) memcpy(bytes + done, block->data + span.within, (size_t)span.length);
        else rc = read_real(node, file->real, bytes + done, span.length, offset + done);
        done += span.length;
    }
    pthread_mutex_unlock(&state_mutex);
    if (rc != SQLITE_OK) return rc;
    if (available < amount) {
        memset(bytes + available, 0, (size_t)(amount - available));
        return SQLITE_IOERR_SHORT_READ;
    }
    return SQLITE_OK;
}

static int file_write(sqlite3_file *base, const void *buffer, int amount, sqlite3_int64 offset) {
    PowerCutFile *file = (PowerCutFile *)base;
    pthread_mutex_lock(&state_mutex);
    Node *node = file->node;
    if (node == NULL) {
        pthread_mutex_unlock(&state_mutex);
        if (file->dead) return SQLITE_OK;
        return file->real->pMethods->xWrite(file->real, buffer, amount, offset);
    }
    const unsigned char *bytes = buffer;
    int rc = SQLITE_OK;
    for (int64_t done = 0; done < amount && rc == SQLITE_OK;) {
        BlockSpan span = block_span(offset, done, amount);
        Block *block = NULL;
        rc = touch_block(node, file->real, span.index, &block);
        if (rc == SQLITE_OK) {
            memcpy(block->data + span.within, bytes + done, (size_t)span.length);
            node->last_block = span.index;
        }
        done += span.length;
    }
    if (rc == SQLITE_OK) {
        if (offset + amount > node->logical_size) node->logical_size = offset + amount;
        counters.writes++;
        if (armed_writes_left > 0 && under(node->path, armed_directory) && --armed_writes_left == 0) {
            armed_report = cut_locked(armed_tear, armed_seed, armed_directory);
            armed_fired = 1;
        }
    }
    pthread_mutex_unlock(&state_mutex);
    return rc == SQLITE_NOMEM ? SQLITE_IOERR_NOMEM : rc;
}

static int file_truncate(sqlite3_file *base, sqlite3_int64 size) {
    PowerCutFile *file = (PowerCutFile *)base;
    pthread_mutex_lock(&state_mutex);
    Node *node = file->node;
    if (node == NULL) {
        pthread_mutex_unlock(&state_mutex);
        if (file->dead) return SQLITE_OK;
        return file->real->pMethods->xTruncate(file->real, size);
    }
    int rc = rebuild_blocks(node, node->capacity == 0 ? MIN_BLOCK_SLOTS : node->capacity, size);
    if (rc == SQLITE_OK) {
        Block *tail = find_block(node, size / BLOCK_BYTES);
        if (tail != NULL) memset(tail->data + size % BLOCK_BYTES, 0, (size_t)(BLOCK_BYTES - size % BLOCK_BYTES));
        if (node->last_block >= 0 && find_block(node, node->last_block) == NULL) node->last_block = -1;
        node->logical_size = size;
        if (node->valid_prefix > size) node->valid_prefix = size;
    }
    pthread_mutex_unlock(&state_mutex);
    return rc == SQLITE_NOMEM ? SQLITE_IOERR_NOMEM : rc;
}

/* Makes the real file equal to the node's logical file. No fsync: the process is the disk. */
static int flush_locked(Node *node, sqlite3_file *real) {
    sqlite3_int64 real_size = 0;
    int rc = real->pMethods->xFileSize(real, &real_size);
    if (rc == SQLITE_OK && real_size > node->valid_prefix) {
        rc = real->pMethods->xTruncate(real, node->valid_prefix);
    }
    uint64_t written = 0;
    for (size_t slot = 0; slot < node->capacity && rc == SQLITE_OK; slot++) {
        Block *block = &node->slots[slot];
        if (block->data == NULL) continue;
        int64_t length = node->logical_size - block->index * BLOCK_BYTES;
        if (length > BLOCK_BYTES) length = BLOCK_BYTES;
        if (length <= 0) continue;
        rc = real->pMethods->xWrite(real, block->data, (int)length, block->index * BLOCK_BYTES);
        written += (uint64_t)length;
    }
    if (rc == SQLITE_OK) rc = real->pMethods->xFileSize(real, &real_size);
    if (rc == SQLITE_OK && real_size != node->logical_size) {
        rc = real->pMethods->xTruncate(real, node->logical_size);
    }
    if (rc != SQLITE_OK) return rc;
    free_blocks(node);
    node->valid_prefix = node->logical_size;
    counters.syncs++;
    counters.synced_bytes += written;
    return SQLITE_OK;
}

static int file_sync(sqlite3_file *base, int flags) {
    (void)flags;
    PowerCutFile *file = (PowerCutFile *)base;
    pthread_mutex_lock(&state_mutex);
    int rc = file->node != NULL ? flush_locked(file->node, file->real) : SQLITE_OK;
    int pass_through = file->node == NULL && !file->dead;
    pthread_mutex_unlock(&state_mutex);
    return pass_through ? file->real->pMethods->xSync(file->real, flags) : rc;
}

static int file_size(sqlite3_file *base, sqlite3_int64 *size) {
    PowerCutFile *file = (PowerCutFile *)base;
    pthread_mutex_lock(&state_mutex);
    if (file->node != NULL) {
        *size = file->node->logical_size;
        pthread_mutex_unlock(&state_mutex);
        return SQLITE_OK;
    }
    pthread_mutex_unlock(&state_mutex);
    return file->real->pMethods->xFileSize(file->real, size);
}

static int file_lock(sqlite3_file *base, int level) {
    sqlite3_file *real = ((PowerCutFile *)base)->real;
    return real->pMethods->xLock(real, level);
}

static int file_unlock(sqlite3_file *base, int level) {
    sqlite3_file *real = ((PowerCutFile *)base)->real;
    return real->pMethods->xUnlock(real, level);
}

static int file_check_reserved_lock(sqlite3_file *base, int *reserved) {
    sqlite3_file *real = ((PowerCutFile *)base)->real;
    return real->pMethods->xCheckReservedLock(real, reserved);
}

static int file_control(sqlite3_file *base, int op, void *argument) {
    /* Size hints and chunk sizes would make the unix VFS extend the real file behind the overlay. */
    if (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE) return SQLITE_OK;
    sqlite3_file *real = ((PowerCutFile *)base)->real;
    return real->pMethods->xFileControl(real, op, argument);
}

static int file_sector_size(sqlite3_file *base) {
    sqlite3_file *real = ((PowerCutFile *)base)->real;
    return real->pMethods->xSectorSize(real);
}

static int file_device_characteristics(sqlite3_file *base) {
    sqlite3_file *real = ((PowerCutFile *)base)->real;
    return real->pMethods->xDeviceCharacteristics(real);
}

static int file_shm_map(sqlite3_file *base, int region, int size, int extend, void volatile **out) {
    sqlite3_file *real = ((PowerCutFile *)base)->real;
    return real->pMethods->xShmMap(real, region, size, extend, out);
}

static int file_shm_lock(sqlite3_file *base, int offset, int count, int flags) {
    sqlite3_file *real = ((PowerCutFile *)base)->real;
    return real->pMethods->xShmLock(real, offset, count, flags);
}

static void file_shm_barrier(sqlite3_file *base) {
    sqlite3_file *real = ((PowerCutFile *)base)->real;
    real->pMethods->xShmBarrier(real);
}

static int file_shm_unmap(sqlite3_file *base, int delete_flag) {
    sqlite3_file *real = ((PowerCutFile *)base)->real;
    return real->pMethods->xShmUnmap(real, delete_flag);
}

/* Version 2: no xFetch/xUnfetch, so SQLite never memory-maps a file and every read comes here. */
static const sqlite3_io_methods power_cut_io_methods = {
    2,
    file_close,
    file_read,
    file_write,
    file_truncate,
    file_sync,
    file_size,
    file_lock,
    file_unlock,
    file_check_reserved_lock,
    file_control,
    file_sector_size,
    file_device_characteristics,
    file_shm_map,
    file_shm_lock,
    file_shm_barrier,
    file_shm_unmap,
    NULL,
    NULL,
};

/* ---- VFS methods ------------------------------------------------------------------------------- */

static int vfs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *base, int flags, int *out_flags) {
    (void)vfs;
    PowerCutFile *file = (PowerCutFile *)base;
    memset(file, 0, sizeof(*file));
    file->real = (sqlite3_file *)(file + 1);
    int rc = unix_vfs->xOpen(unix_vfs, name, file->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        file->base.pMethods = NULL;
        return rc;
    }
    int durable_kind = SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL | SQLITE_OPEN_SUPER_JOURNAL;
    int buffered = name != NULL && (flags & durable_kind) != 0 && (flags & SQLITE_OPEN_DELETEONCLOSE) == 0;
    pthread_mutex_lock(&state_mutex);
    if (buffered) {
        Node *node = find_node(name);
        if (node == NULL) {
            sqlite3_int64 real_size = 0;
            node = calloc(1, sizeof(Node));
            char *path = strdup(name);
            rc = file->real->pMethods->xFileSize(file->real, &real_size);
            if (node == NULL || path == NULL || rc != SQLITE_OK) {
                pthread_mutex_unlock(&state_mutex);
                free(node);
                free(path);
                file->real->pMethods->xClose(file->real);
                file->base.pMethods = NULL;
                return rc != SQLITE_OK ? rc : SQLITE_NOMEM;
            }
            node->path = path;
            node->logical_size = real_size;
            node->valid_prefix = real_size;
            node->last_block = -1;
            node->next = nodes;
            nodes = node;
        }
        node->open_handles++;
        file->node = node;
    }
    file->next_open = open_files;
    if (open_files != NULL) open_files->prev_open = file;
    open_files = file;
    pthread_mutex_unlock(&state_mutex);
    file->base.pMethods = &power_cut_io_methods;
    return SQLITE_OK;
}

static int vfs_delete(sqlite3_vfs *vfs, const char *name, int sync_directory) {
    (void)vfs;
    pthread_mutex_lock(&state_mutex);
    for (PowerCutFile *file = open_files; dead_files_open > 0 && file != NULL; file = file->next_open) {
        if (file->dead && file->dead_path != NULL && name != NULL
            && strncmp(name, file->dead_path, strlen(file->dead_path)) == 0) {
            /* A connection that lived through a cut is closing: it must not change the disk. */
            pthread_mutex_unlock(&state_mutex);
            return SQLITE_OK;
        }
    }
    Node *node = find_node(name);
    if (node != NULL) {
        if (node->open_handles > 0) node->unlinked = 1;
        else free_node(node);
    }
    pthread_mutex_unlock(&state_mutex);
    return unix_vfs->xDelete(unix_vfs, name, sync_directory);
}

static int vfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *result) {
    (void)vfs;
    if (flags == SQLITE_ACCESS_EXISTS) {
        /* The unix VFS counts an empty file as absent; an unsynced one is judged by its logical size. */
        pthread_mutex_lock(&state_mutex);
        Node *node = find_node(name);
        int known = node != NULL;
        int exists = known && node->logical_size > 0;
        pthread_mutex_unlock(&state_mutex);
        if (known) {
            *result = exists;
            return SQLITE_OK;
        }
    }
    return unix_vfs->xAccess(unix_vfs, name, flags, result);
}

static int vfs_full_pathname(sqlite3_vfs *vfs, const char *name, int size, char *out) {
    (void)vfs;
    return unix_vfs->xFullPathname(unix_vfs, name, size, out);
}

static void *vfs_dl_open(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return unix_vfs->xDlOpen(unix_vfs, name);
}

static void vfs_dl_error(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    unix_vfs->xDlError(unix_vfs, size, out);
}

static void (*vfs_dl_sym(sqlite3_vfs *vfs, void *handle, const char *symbol))(void) {
    (void)vfs;
    return unix_vfs->xDlSym(unix_vfs, handle, symbol);
}

static void vfs_dl_close(sqlite3_vfs *vfs, void *handle) {
    (void)vfs;
    unix_vfs->xDlClose(unix_vfs, handle);
}

static int vfs_randomness(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return unix_vfs->xRandomness(unix_vfs, size, out);
}

static int vfs_sleep(sqlite3_vfs *vfs, int microseconds) {
    (void)vfs;
    return unix_vfs->xSleep(unix_vfs, microseconds);
}

static int vfs_current_time(sqlite3_vfs *vfs, double *out) {
    (void)vfs;
    return unix_vfs->xCurrentTime(unix_vfs, out);
}

static int vfs_get_last_error(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return unix_vfs->xGetLastError(unix_vfs, size, out);
}

static int vfs_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out) {
    (void)vfs;
    return unix_vfs->xCurrentTimeInt64(unix_vfs, out);
}

/* ---- public API ----------------------------------------------------------------------------------- */

int kiosk_power_cut_install(int make_default) {
    pthread_mutex_lock(&state_mutex);
    if (unix_vfs == NULL) {
        sqlite3_vfs *found = sqlite3_vfs_find("unix");
        if (found == NULL || found->iVersion < 2) {
            pthread_mutex_unlock(&state_mutex);
            return SQLITE_ERROR;
        }
        unix_vfs = found;
        power_cut_vfs.iVersion = 2;
        power_cut_vfs.szOsFile = (int)sizeof(PowerCutFile) + found->szOsFile;
        power_cut_vfs.mxPathname = found->mxPathname;
        power_cut_vfs.zName = KIOSK_POWER_CUT_VFS_NAME;
        power_cut_vfs.xOpen = vfs_open;
        power_cut_vfs.xDelete = vfs_delete;
        power_cut_vfs.xAccess = vfs_access;
        power_cut_vfs.xFullPathname = vfs_full_pathname;
        power_cut_vfs.xDlOpen = vfs_dl_open;
        power_cut_vfs.xDlError = vfs_dl_error;
        power_cut_vfs.xDlSym = vfs_dl_sym;
        power_cut_vfs.xDlClose = vfs_dl_close;
        power_cut_vfs.xRandomness = vfs_randomness;
        power_cut_vfs.xSleep = vfs_sleep;
        power_cut_vfs.xCurrentTime = vfs_current_time;
        power_cut_vfs.xGetLastError = vfs_get_last_error;
        power_cut_vfs.xCurrentTimeInt64 = vfs_current_time_int64;
    }
    pthread_mutex_unlock(&state_mutex);
    return sqlite3_vfs_register(&power_cut_vfs, make_default);
}

kiosk_power_cut_report kiosk_power_cut_directory(const char *directory, int tear, uint64_t seed) {
    pthread_mutex_lock(&state_mutex);
    kiosk_power_cut_report report = cut_locked(tear, seed, directory);
    pthread_mutex_unlock(&state_mutex);
    return report;
}

void kiosk_power_cut_arm(uint64_t after_writes, int tear, uint64_t seed, const char *directory) {
    pthread_mutex_lock(&state_mutex);
    armed_writes_left = after_writes;
    armed_tear = tear;
    armed_seed = seed;
    free(armed_directory);
    armed_directory = directory == NULL ? NULL : strdup(directory);
    armed_fired = 0;
    armed_report = (kiosk_power_cut_report){0, 0, 0};
    pthread_mutex_unlock(&state_mutex);
}

int kiosk_power_cut_armed_fired(kiosk_power_cut_report *report) {
    pthread_mutex_lock(&state_mutex);
    int fired = armed_fired;
    *report = armed_report;
    pthread_mutex_unlock(&state_mutex);
    return fired;
}

kiosk_power_cut_counters kiosk_power_cut_read_counters(void) {
    pthread_mutex_lock(&state_mutex);
    kiosk_power_cut_counters copy = counters;
    pthread_mutex_unlock(&state_mutex);
    return copy;
}
