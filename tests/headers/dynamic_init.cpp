// dynamic_init.cpp - deliberately dynamically initialised (test-only, never linked):
// headers.dynamic_init_is_detected runs the constant-initialisation checker on this
// object and passes only if the checker reports it.
int f();
int x = f();
