#ifndef KIOSK_USB_EMULATOR_H
#define KIOSK_USB_EMULATOR_H

/*
 * Emulated USB devices for the device tests: a umockdev testbed whose device nodes answer the
 * usbdevfs ioctls libusb sends. IN data is queued by the test, OUT data is recorded, a printer
 * model answers DLE EOT n and GS r 1, a bound kernel driver can be emulated, and a device can be
 * unplugged (also in the middle of a transfer) and plugged in again.
 * The process must run with LD_PRELOAD=libumockdev-preload.so.0.
 */

#include <stddef.h>
#include <stdint.h>

typedef struct KioskUSBEmulator KioskUSBEmulator;

/* Whether umockdev can be used: libumockdev loads and the preload library is in the process.
 * umockdev is loaded at run time so the package builds where it is not installed. On failure
 * `reason` (if not NULL) receives why. */
int kiosk_usb_emulator_available(char *reason, size_t reason_capacity);

/* Creates the testbed (this sets UMOCKDEV_DIR for the whole process); NULL if unavailable. */
KioskUSBEmulator *kiosk_usb_emulator_new(void);
void kiosk_usb_emulator_free(KioskUSBEmulator *emulator);

/* How an emulated ESC/POS printer answers, on IN endpoint `in_endpoint`: `status` holds the
 * replies to DLE EOT 1..4, `paper` the reply to GS r 1 and `automatic_status` the 4-byte message
 * sent when GS a enables automatic status back (and on every later change while enabled). */
typedef struct {
    uint8_t in_endpoint;
    uint8_t status[4];
    uint8_t paper;
    uint8_t automatic_status[4];
} KioskEmulatedPrinterReplies;

/* Plugs a device into port `port` of bus 1 with address `devnum`. `descriptors` is the device
 * descriptor followed by the configuration descriptor. `kernel_driver` names a driver bound to
 * every interface (e.g. "usbhid") or is NULL. `serial` (string index 3) and `device_id_1284` may
 * be NULL. `printer` makes the device answer as a printer from the moment it appears, or is NULL.
 * Returns 0 on success. */
int kiosk_usb_emulator_plug(KioskUSBEmulator *emulator, int port, int devnum,
                            const uint8_t *descriptors, size_t descriptors_length,
                            const char *kernel_driver, const char *serial, const char *device_id_1284,
                            const KioskEmulatedPrinterReplies *printer);

/* Fails the device's pending transfers with ENODEV, sends the remove uevent and removes it. */
void kiosk_usb_emulator_unplug(KioskUSBEmulator *emulator, int devnum);

/* Makes the device stop answering (as a pulled cable does) once it has received `count` more
 * OUT bytes; kiosk_usb_emulator_is_dead then reports 1 and the test calls unplug. */
void kiosk_usb_emulator_die_after_out_bytes(KioskUSBEmulator *emulator, int devnum, size_t count);
int kiosk_usb_emulator_is_dead(KioskUSBEmulator *emulator, int devnum);

/* Queues one packet for the IN endpoint `endpoint` (with bit 7 set). */
void kiosk_usb_emulator_queue_in(KioskUSBEmulator *emulator, int devnum, uint8_t endpoint,
                                 const uint8_t *data, size_t length);

/* Copies up to `capacity` of the OUT bytes the device received so far (a HID SET_REPORT control
 * request counts as its 8-byte setup packet and its data); returns their total. */
size_t kiosk_usb_emulator_out_bytes(KioskUSBEmulator *emulator, int devnum, uint8_t *buffer, size_t capacity);

/* Changes a printer's answers (paper out, back again…). */
void kiosk_usb_emulator_set_printer_replies(KioskUSBEmulator *emulator, int devnum,
                                            const KioskEmulatedPrinterReplies *printer);

/* Makes claiming the interface fail with EBUSY, as when another program holds it. */
void kiosk_usb_emulator_set_claimed_elsewhere(KioskUSBEmulator *emulator, int devnum, int claimed);

/* How many times the kernel driver was detached, and whether one is bound now. */
int kiosk_usb_emulator_kernel_driver_detaches(KioskUSBEmulator *emulator, int devnum);
int kiosk_usb_emulator_kernel_driver_bound(KioskUSBEmulator *emulator, int devnum);

#endif
