// KioskBoard: placeholder until its first file lands.
