/*
 * Emulated USB devices for the device tests: answers the usbdevfs ioctls libusb sends to a
 * umockdev testbed node. See include/usb_emulator.h.
 *
 * umockdev and GObject are loaded with dlopen, so building the package needs neither their
 * headers nor their libraries; only running the device tests does.
 *
 * Locking: ioctls arrive on umockdev's handler thread while the test calls in from its own, so
 * every device field is guarded by the emulator mutex. umockdev calls are made without it held.
 */
#define _GNU_SOURCE
#include "usb_emulator.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>

#define MAX_DEVICES 8
#define MAX_ENDPOINTS 16
#define MAX_URBS 128
#define MAX_PACKETS 128
#define MAX_PACKET_BYTES 64

/* The public part of umockdev's UMockdevIoctlData (a GObject: class pointer, ref count, qdata). */
typedef struct {
    void *g_class;
    unsigned int ref_count;
    void *qdata;
    uint8_t *data;
    int data_len;
    unsigned long client_addr;
    void *priv;
} IoctlData;

typedef void Object;

static struct {
    Object *(*testbed_new)(void);
    int (*testbed_add_from_string)(Object *, const char *, void **);
    void (*testbed_uevent)(Object *, const char *, const char *);
    void (*testbed_remove_device)(Object *, const char *);
    int (*testbed_attach_ioctl)(Object *, const char *, Object *, void **);
    int (*testbed_detach_ioctl)(Object *, const char *, void **);
    Object *(*ioctl_base_new)(void);
    unsigned long (*client_get_request)(Object *);
    IoctlData *(*client_get_arg)(Object *);
    void (*client_complete)(Object *, long, int);
    IoctlData *(*data_resolve)(IoctlData *, size_t, size_t, void **);
    int (*data_set_ptr)(IoctlData *, size_t, IoctlData *);
    IoctlData *(*data_ref)(IoctlData *);
    unsigned long (*signal_connect_data)(Object *, const char *, void (*)(void), void *, void *, int);
    void (*object_unref)(void *);
    int loaded;
} api;

static pthread_once_t api_once = PTHREAD_ONCE_INIT;
static char api_error[256];

#define LOAD(handle, field, name)                                                        \
    do {                                                                                 \
        *(void **) &api.field = dlsym(handle, name);                                     \
        if (!api.field) {                                                                \
            snprintf(api_error, sizeof api_error, "%s is missing from umockdev", name);  \
            return;                                                                      \
        }                                                                                \
    } while (0)

static void load_api(void)
{
    void *umockdev = dlopen("libumockdev.so.0", RTLD_NOW | RTLD_GLOBAL);
    void *gobject = dlopen("libgobject-2.0.so.0", RTLD_NOW | RTLD_GLOBAL);
    if (!umockdev || !gobject) {
        snprintf(api_error, sizeof api_error, "umockdev is not installed (libumockdev.so.0 not found)");
        return;
    }
    LOAD(umockdev, testbed_new, "umockdev_testbed_new");
    LOAD(umockdev, testbed_add_from_string, "umockdev_testbed_add_from_string");
    LOAD(umockdev, testbed_uevent, "umockdev_testbed_uevent");
    LOAD(umockdev, testbed_remove_device, "umockdev_testbed_remove_device");
    LOAD(umockdev, testbed_attach_ioctl, "umockdev_testbed_attach_ioctl");
    LOAD(umockdev, testbed_detach_ioctl, "umockdev_testbed_detach_ioctl");
    LOAD(umockdev, ioctl_base_new, "umockdev_ioctl_base_new");
    LOAD(umockdev, client_get_request, "umockdev_ioctl_client_get_request");
    LOAD(umockdev, client_get_arg, "umockdev_ioctl_client_get_arg");
    LOAD(umockdev, client_complete, "umockdev_ioctl_client_complete");
    LOAD(umockdev, data_resolve, "umockdev_ioctl_data_resolve");
    LOAD(umockdev, data_set_ptr, "umockdev_ioctl_data_set_ptr");
    LOAD(umockdev, data_ref, "umockdev_ioctl_data_ref");
    LOAD(gobject, signal_connect_data, "g_signal_connect_data");
    LOAD(gobject, object_unref, "g_object_unref");
    if (!dlopen("libumockdev-preload.so.0", RTLD_NOW | RTLD_NOLOAD)) {
        snprintf(api_error, sizeof api_error,
                 "the process was not started with LD_PRELOAD=libumockdev-preload.so.0");
        return;
    }
    api.loaded = 1;
}

int kiosk_usb_emulator_available(char *reason, size_t reason_capacity)
{
    pthread_once(&api_once, load_api);
    if (!api.loaded && reason && reason_capacity)
        snprintf(reason, reason_capacity, "%s", api_error);
    return api.loaded;
}

typedef struct {
    uint8_t bytes[MAX_PACKET_BYTES];
    size_t length;
} Packet;

typedef struct {
    Packet packets[MAX_PACKETS];
    size_t head;
    size_t count;
} PacketQueue;

typedef struct {
    IoctlData *urbs[MAX_URBS];
    size_t count;
} UrbList;

typedef struct {
    KioskUSBEmulator *owner;
    int in_use;
    int devnum;
    char devnode[64];
    char syspath[64];
    Object *handler;

    UrbList pending; /* submitted IN URBs waiting for data, oldest first */
    UrbList ready;   /* completed URBs waiting to be reaped, oldest first */
    PacketQueue in_packets[MAX_ENDPOINTS];
    uint8_t *out;
    size_t out_length;
    size_t out_capacity;
    int dead;
    size_t die_after; /* OUT bytes still accepted before dying; SIZE_MAX = never */

    char *kernel_driver;
    int kernel_driver_bound;
    int claimed_elsewhere; /* another program holds the interface */
    int detaches;
    char *serial;
    char *device_id_1284;

    int printer;
    uint8_t printer_in;
    uint8_t status[4];
    uint8_t paper;
    uint8_t automatic_status[4];
    int automatic_status_enabled;
    uint8_t window[2]; /* the last two OUT bytes, to spot commands split across URBs */
} Device;

struct KioskUSBEmulator {
    Object *testbed;
    pthread_mutex_t mutex;
    Device devices[MAX_DEVICES];
};

static void urb_list_append(UrbList *list, IoctlData *urb)
{
    if (list->count < MAX_URBS)
        list->urbs[list->count++] = urb;
}

static IoctlData *urb_list_remove(UrbList *list, size_t index)
{
    IoctlData *urb = list->urbs[index];
    memmove(&list->urbs[index], &list->urbs[index + 1], (list->count - index - 1) * sizeof(IoctlData *));
    list->count--;
    return urb;
}

/* The device with address `devnum`, preferring a plugged one over an unplugged one. */
static Device *find_device(KioskUSBEmulator *emulator, int devnum)
{
    Device *unplugged = NULL;
    for (int i = 0; i < MAX_DEVICES; i++) {
        Device *device = &emulator->devices[i];
        if (device->in_use && device->devnum == devnum) {
            if (!device->dead)
                return device;
            unplugged = device;
        }
    }
    return unplugged;
}

static void complete_urb(Device *device, IoctlData *urb_data, int status, const uint8_t *data, size_t length)
{
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *) urb_data->data;
    if (length > (size_t) urb->buffer_length)
        length = (size_t) urb->buffer_length;
    if (data && length)
        memcpy(urb->buffer, data, length);
    urb->actual_length = data ? (int) length : 0;
    urb->status = status;
    urb_list_append(&device->ready, urb_data);
}

static void fail_pending(Device *device, int status)
{
    while (device->pending.count)
        complete_urb(device, urb_list_remove(&device->pending, 0), status, NULL, 0);
}

/* Hands queued IN packets to waiting URBs of the same endpoint, oldest first. */
static void deliver_in(Device *device)
{
    size_t index = 0;
    while (index < device->pending.count) {
        struct usbdevfs_urb *urb = (struct usbdevfs_urb *) device->pending.urbs[index]->data;
        PacketQueue *queue = &device->in_packets[urb->endpoint & 0x0F];
        if (!queue->count) {
            index++;
            continue;
        }
        Packet *packet = &queue->packets[queue->head];
        queue->head = (queue->head + 1) % MAX_PACKETS;
        queue->count--;
        complete_urb(device, urb_list_remove(&device->pending, index), 0, packet->bytes, packet->length);
    }
}

static void queue_in_locked(Device *device, uint8_t endpoint, const uint8_t *data, size_t length)
{
    PacketQueue *queue = &device->in_packets[endpoint & 0x0F];
    if (queue->count == MAX_PACKETS)
        return;
    Packet *packet = &queue->packets[(queue->head + queue->count) % MAX_PACKETS];
    packet->length = length < MAX_PACKET_BYTES ? length : MAX_PACKET_BYTES;
    memcpy(packet->bytes, data, packet->length);
    queue->count++;
    deliver_in(device);
}

/* The printer model: DLE EOT n and GS r 1 are answered on the IN endpoint. */
static void printer_consume(Device *device, const uint8_t *data, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        uint8_t byte = data[i];
        if (device->printer) {
            if (device->window[0] == 0x10 && device->window[1] == 0x04 && byte >= 1 && byte <= 4)
                queue_in_locked(device, device->printer_in, &device->status[byte - 1], 1);
            else if (device->window[0] == 0x1D && device->window[1] == 0x72 && (byte == 1 || byte == 49))
                queue_in_locked(device, device->printer_in, &device->paper, 1);
            else if (device->window[0] == 0x1D && device->window[1] == 0x61) {
                /* GS a n: automatic status back; the printer answers at once with its status. */
                device->automatic_status_enabled = byte != 0;
                if (byte != 0)
                    queue_in_locked(device, device->printer_in, device->automatic_status, 4);
            }
        }
        device->window[0] = device->window[1];
        device->window[1] = byte;
    }
}

static void set_printer_replies_locked(Device *device, const KioskEmulatedPrinterReplies *printer)
{
    device->printer = 1;
    device->printer_in = printer->in_endpoint;
    memcpy(device->status, printer->status, 4);
    device->paper = printer->paper;
    memcpy(device->automatic_status, printer->automatic_status, 4);
    if (device->automatic_status_enabled)
        queue_in_locked(device, printer->in_endpoint, printer->automatic_status, 4);
}

static void record_out(Device *device, const uint8_t *data, size_t length)
{
    if (device->out_length + length > device->out_capacity) {
        size_t capacity = (device->out_length + length) * 2;
        uint8_t *grown = realloc(device->out, capacity);
        if (!grown)
            return;
        device->out = grown;
        device->out_capacity = capacity;
    }
    memcpy(device->out + device->out_length, data, length);
    device->out_length += length;
}

static void submit_out(Device *device, IoctlData *urb_data)
{
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *) urb_data->data;
    size_t length = (size_t) urb->buffer_length;
    int dies = length >= device->die_after;
    if (dies)
        length = device->die_after;
    if (device->die_after != SIZE_MAX)
        device->die_after -= length;
    record_out(device, urb->buffer, length);
    printer_consume(device, urb->buffer, length);
    if (dies) {
        device->dead = 1;
        complete_urb(device, urb_data, -ENODEV, NULL, 0);
        fail_pending(device, -ENODEV);
        return;
    }
    urb->actual_length = (int) length;
    urb->status = 0;
    urb_list_append(&device->ready, urb_data);
}

static void submit_control(Device *device, IoctlData *urb_data)
{
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *) urb_data->data;
    const uint8_t *setup = urb->buffer;
    uint8_t reply[1024];
    size_t length = 0;
    uint16_t value = (uint16_t) (setup[2] | setup[3] << 8);

    if (setup[0] == 0x21 && setup[1] == 0x09) {
        /* HID SET_REPORT (a scale's zero command): recorded with its setup packet as OUT bytes. */
        size_t data_length = (size_t) (setup[6] | setup[7] << 8);
        if (data_length > (size_t) urb->buffer_length - 8)
            data_length = (size_t) urb->buffer_length - 8;
        record_out(device, urb->buffer, 8 + data_length);
        urb->actual_length = (int) data_length;
        urb->status = 0;
        urb_list_append(&device->ready, urb_data);
        return;
    }
    if (setup[0] == 0x80 && setup[1] == 6 && (value >> 8) == 3) {
        uint8_t index = value & 0xFF;
        if (index == 0) {
            const uint8_t languages[] = { 4, 3, 0x09, 0x04 };
            memcpy(reply, languages, sizeof languages);
            length = sizeof languages;
        } else if (index == 3 && device->serial) {
            size_t characters = strlen(device->serial);
            reply[0] = (uint8_t) (2 + 2 * characters);
            reply[1] = 3;
            for (size_t i = 0; i < characters; i++) {
                reply[2 + 2 * i] = (uint8_t) device->serial[i];
                reply[3 + 2 * i] = 0;
            }
            length = 2 + 2 * characters;
        }
    } else if (setup[0] == 0xA1 && setup[1] == 0 && device->device_id_1284) {
        size_t id_length = strlen(device->device_id_1284);
        reply[0] = (uint8_t) ((id_length + 2) >> 8);
        reply[1] = (uint8_t) (id_length + 2);
        memcpy(reply + 2, device->device_id_1284, id_length);
        length = id_length + 2;
    } else if (setup[0] == 0xA1 && setup[1] == 1) {
        reply[0] = device->paper & 0x0C ? 0x38 : 0x18;
        length = 1;
    }

    if (length == 0) {
        urb->actual_length = 0;
        urb->status = -EPIPE;
        urb_list_append(&device->ready, urb_data);
        return;
    }
    size_t room = (size_t) urb->buffer_length - 8;
    if (length > room)
        length = room;
    memcpy(urb->buffer + 8, reply, length);
    urb->actual_length = (int) length;
    urb->status = 0;
    urb_list_append(&device->ready, urb_data);
}

static int handle_ioctl(Object *handler, Object *client, Device *device)
{
    (void) handler;
    KioskUSBEmulator *emulator = device->owner;
    unsigned long request = api.client_get_request(client);
    IoctlData *arg = api.client_get_arg(client);
    long result = 0;
    int error = 0;

    pthread_mutex_lock(&emulator->mutex);
    if (device->dead && request != USBDEVFS_REAPURB && request != USBDEVFS_REAPURBNDELAY
        && request != USBDEVFS_DISCARDURB && request != USBDEVFS_RELEASEINTERFACE) {
        result = -1;
        error = ENODEV;
        goto done;
    }

    switch (request) {
    case USBDEVFS_GET_CAPABILITIES: {
        IoctlData *capabilities = api.data_resolve(arg, 0, sizeof(uint32_t), NULL);
        *(uint32_t *) capabilities->data = USBDEVFS_CAP_BULK_SCATTER_GATHER | USBDEVFS_CAP_BULK_CONTINUATION
            | USBDEVFS_CAP_NO_PACKET_SIZE_LIM | USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
        api.object_unref(capabilities);
        break;
    }
    case USBDEVFS_GETDRIVER: {
        IoctlData *query = api.data_resolve(arg, 0, sizeof(struct usbdevfs_getdriver), NULL);
        struct usbdevfs_getdriver *getdriver = (struct usbdevfs_getdriver *) query->data;
        if (device->kernel_driver && device->kernel_driver_bound) {
            snprintf(getdriver->driver, sizeof getdriver->driver, "%s", device->kernel_driver);
        } else {
            result = -1;
            error = ENODATA;
        }
        api.object_unref(query);
        break;
    }
    case USBDEVFS_IOCTL: {
        IoctlData *command = api.data_resolve(arg, 0, sizeof(struct usbdevfs_ioctl), NULL);
        int code = ((struct usbdevfs_ioctl *) command->data)->ioctl_code;
        if (code == (int) USBDEVFS_DISCONNECT && device->kernel_driver_bound) {
            device->kernel_driver_bound = 0;
            device->detaches++;
        } else if (code == (int) USBDEVFS_CONNECT && device->kernel_driver) {
            device->kernel_driver_bound = 1;
        } else {
            result = -1;
            error = ENODATA;
        }
        api.object_unref(command);
        break;
    }
    case USBDEVFS_CLAIMINTERFACE:
        if (device->kernel_driver_bound || device->claimed_elsewhere) {
            result = -1;
            error = EBUSY;
        }
        break;
    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESET:
    case USBDEVFS_RESETEP:
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_SETCONFIGURATION:
        break;
    case USBDEVFS_SUBMITURB: {
        IoctlData *urb_data = api.data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
        struct usbdevfs_urb *urb = (struct usbdevfs_urb *) urb_data->data;
        IoctlData *buffer = api.data_resolve(urb_data, offsetof(struct usbdevfs_urb, buffer),
                                             (size_t) urb->buffer_length, NULL);
        api.object_unref(buffer);
        if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
            submit_control(device, urb_data);
        } else if (urb->endpoint & 0x80) {
            urb_list_append(&device->pending, urb_data);
            deliver_in(device);
        } else {
            submit_out(device, urb_data);
        }
        break;
    }
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY: {
        if (!device->ready.count) {
            result = -1;
            error = device->dead ? ENODEV : EAGAIN;
            break;
        }
        IoctlData *urb_data = urb_list_remove(&device->ready, 0);
        IoctlData *pointer = api.data_resolve(arg, 0, sizeof(void *), NULL);
        api.data_set_ptr(pointer, 0, urb_data);
        api.object_unref(pointer);
        api.object_unref(urb_data);
        break;
    }
    case USBDEVFS_DISCARDURB: {
        unsigned long address = (unsigned long) *(void **) arg->data;
        size_t index = 0;
        while (index < device->pending.count && device->pending.urbs[index]->client_addr != address)
            index++;
        if (index < device->pending.count) {
            complete_urb(device, urb_list_remove(&device->pending, index), -ENOENT, NULL, 0);
        } else {
            result = -1;
            error = EINVAL;
        }
        break;
    }
    default:
        fprintf(stderr, "usb emulator: unhandled ioctl 0x%lx on %s\n", request, device->devnode);
        pthread_mutex_unlock(&emulator->mutex);
        return 0;
    }

done:
    pthread_mutex_unlock(&emulator->mutex);
    api.client_complete(client, result, error);
    return 1;
}

KioskUSBEmulator *kiosk_usb_emulator_new(void)
{
    if (!kiosk_usb_emulator_available(NULL, 0))
        return NULL;
    KioskUSBEmulator *emulator = calloc(1, sizeof *emulator);
    pthread_mutex_init(&emulator->mutex, NULL);
    emulator->testbed = api.testbed_new();
    return emulator;
}

static void release_device(Device *device)
{
    for (size_t i = 0; i < device->pending.count; i++)
        api.object_unref(device->pending.urbs[i]);
    for (size_t i = 0; i < device->ready.count; i++)
        api.object_unref(device->ready.urbs[i]);
    free(device->out);
    free(device->kernel_driver);
    free(device->serial);
    free(device->device_id_1284);
    if (device->handler)
        api.object_unref(device->handler);
    memset(device, 0, sizeof *device);
}

void kiosk_usb_emulator_free(KioskUSBEmulator *emulator)
{
    for (int i = 0; i < MAX_DEVICES; i++) {
        Device *device = &emulator->devices[i];
        if (device->in_use) {
            api.testbed_detach_ioctl(emulator->testbed, device->devnode, NULL);
            release_device(device);
        }
    }
    api.object_unref(emulator->testbed);
    pthread_mutex_destroy(&emulator->mutex);
    free(emulator);
}

static char *duplicate(const char *text)
{
    return text ? strdup(text) : NULL;
}

int kiosk_usb_emulator_plug(KioskUSBEmulator *emulator, int port, int devnum,
                            const uint8_t *descriptors, size_t descriptors_length,
                            const char *kernel_driver, const char *serial, const char *device_id_1284,
                            const KioskEmulatedPrinterReplies *printer)
{
    Device *device = NULL;
    pthread_mutex_lock(&emulator->mutex);
    for (int i = 0; i < MAX_DEVICES && !device; i++) {
        if (!emulator->devices[i].in_use)
            device = &emulator->devices[i];
    }
    if (!device || descriptors_length < 18) {
        pthread_mutex_unlock(&emulator->mutex);
        return -1;
    }
    device->in_use = 1;
    device->owner = emulator;
    device->devnum = devnum;
    device->die_after = SIZE_MAX;
    device->kernel_driver = duplicate(kernel_driver);
    device->kernel_driver_bound = kernel_driver != NULL;
    device->serial = duplicate(serial);
    device->device_id_1284 = duplicate(device_id_1284);
    snprintf(device->devnode, sizeof device->devnode, "/dev/bus/usb/001/%03d", devnum);
    snprintf(device->syspath, sizeof device->syspath, "/sys/devices/usb1/1-%d", port);
    if (printer)
        set_printer_replies_locked(device, printer);
    device->handler = api.ioctl_base_new();
    pthread_mutex_unlock(&emulator->mutex);

    /* G_CONNECT_AFTER = 1: run after umockdev's own handler, as libusb's tests do. */
    api.signal_connect_data(device->handler, "handle-ioctl", (void (*)(void)) handle_ioctl, device, NULL, 1);
    if (!api.testbed_attach_ioctl(emulator->testbed, device->devnode, device->handler, NULL))
        return -1;

    size_t hex_capacity = descriptors_length * 2 + 1;
    char *hex = malloc(hex_capacity);
    for (size_t i = 0; i < descriptors_length; i++)
        snprintf(hex + 2 * i, 3, "%02x", descriptors[i]);
    unsigned vendor = descriptors[8] | descriptors[9] << 8;
    unsigned product = descriptors[10] | descriptors[11] << 8;
    unsigned release = descriptors[12] | descriptors[13] << 8;
    char *description = NULL;
    int printed = asprintf(&description,
        "P: /devices/usb1/1-%d\n"
        "N: bus/usb/001/%03d\n"
        "E: SUBSYSTEM=usb\n"
        "E: DEVTYPE=usb_device\n"
        "E: DRIVER=usb\n"
        "E: BUSNUM=001\n"
        "E: DEVNUM=%03d\n"
        "E: DEVNAME=/dev/bus/usb/001/%03d\n"
        "E: PRODUCT=%x/%x/%x\n"
        "A: busnum=1\\n\n"
        "A: devnum=%d\\n\n"
        "A: bConfigurationValue=1\\n\n"
        "A: speed=12\\n\n"
        "A: idVendor=%04x\\n\n"
        "A: idProduct=%04x\\n\n"
        "H: descriptors=%s\n",
        port, devnum, devnum, devnum, vendor, product, release, devnum, vendor, product, hex);
    free(hex);
    if (printed < 0)
        return -1;
    int added = api.testbed_add_from_string(emulator->testbed, description, NULL);
    free(description);
    return added ? 0 : -1;
}

void kiosk_usb_emulator_unplug(KioskUSBEmulator *emulator, int devnum)
{
    char syspath[64];
    pthread_mutex_lock(&emulator->mutex);
    Device *device = find_device(emulator, devnum);
    if (!device) {
        pthread_mutex_unlock(&emulator->mutex);
        return;
    }
    device->dead = 1;
    fail_pending(device, -ENODEV);
    snprintf(syspath, sizeof syspath, "%s", device->syspath);
    pthread_mutex_unlock(&emulator->mutex);

    /* umockdev's remove sends no uevent, so send it first. The ioctl handler stays attached and
     * answers ENODEV until the emulator is freed: libusb may still reap through its open handle. */
    api.testbed_uevent(emulator->testbed, syspath, "remove");
    api.testbed_remove_device(emulator->testbed, syspath);
}

void kiosk_usb_emulator_die_after_out_bytes(KioskUSBEmulator *emulator, int devnum, size_t count)
{
    pthread_mutex_lock(&emulator->mutex);
    Device *device = find_device(emulator, devnum);
    if (device)
        device->die_after = count;
    pthread_mutex_unlock(&emulator->mutex);
}

int kiosk_usb_emulator_is_dead(KioskUSBEmulator *emulator, int devnum)
{
    pthread_mutex_lock(&emulator->mutex);
    Device *device = find_device(emulator, devnum);
    int dead = device ? device->dead : 1;
    pthread_mutex_unlock(&emulator->mutex);
    return dead;
}

void kiosk_usb_emulator_queue_in(KioskUSBEmulator *emulator, int devnum, uint8_t endpoint,
                                 const uint8_t *data, size_t length)
{
    pthread_mutex_lock(&emulator->mutex);
    Device *device = find_device(emulator, devnum);
    if (device && !device->dead)
        queue_in_locked(device, endpoint, data, length);
    pthread_mutex_unlock(&emulator->mutex);
}

size_t kiosk_usb_emulator_out_bytes(KioskUSBEmulator *emulator, int devnum, uint8_t *buffer, size_t capacity)
{
    size_t total = 0;
    pthread_mutex_lock(&emulator->mutex);
    Device *device = find_device(emulator, devnum);
    if (device) {
        total = device->out_length;
        if (total)
            memcpy(buffer, device->out, total < capacity ? total : capacity);
    }
    pthread_mutex_unlock(&emulator->mutex);
    return total;
}

void kiosk_usb_emulator_set_printer_replies(KioskUSBEmulator *emulator, int devnum,
                                            const KioskEmulatedPrinterReplies *printer)
{
    pthread_mutex_lock(&emulator->mutex);
    Device *device = find_device(emulator, devnum);
    if (device)
        set_printer_replies_locked(device, printer);
    pthread_mutex_unlock(&emulator->mutex);
}

int kiosk_usb_emulator_kernel_driver_detaches(KioskUSBEmulator *emulator, int devnum)
{
    pthread_mutex_lock(&emulator->mutex);
    Device *device = find_device(emulator, devnum);
    int detaches = device ? device->detaches : 0;
    pthread_mutex_unlock(&emulator->mutex);
    return detaches;
}

int kiosk_usb_emulator_kernel_driver_bound(KioskUSBEmulator *emulator, int devnum)
{
    pthread_mutex_lock(&emulator->mutex);
    Device *device = find_device(emulator, devnum);
    int bound = device ? device->kernel_driver_bound : 0;
    pthread_mutex_unlock(&emulator->mutex);
    return bound;
}

void kiosk_usb_emulator_set_claimed_elsewhere(KioskUSBEmulator *emulator, int devnum, int claimed)
{
    pthread_mutex_lock(&emulator->mutex);
    Device *device = find_device(emulator, devnum);
    if (device)
        device->claimed_elsewhere = claimed;
    pthread_mutex_unlock(&emulator->mutex);
}
