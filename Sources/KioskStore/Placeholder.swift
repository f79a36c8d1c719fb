// KioskStore: placeholder until its first file lands.
