#ifndef KIOSK_CLIBUSB_SHIM_H
#define KIOSK_CLIBUSB_SHIM_H
#include <libusb.h>
#endif
