// initialised_data.cpp - constant-initialised but not zero-filled (it lives in .data,
// valid only after the C runtime has copied .data; test-only, never linked):
// headers.initialised_data_is_detected passes only if the zero-fill check reports it.
int y = 42;
