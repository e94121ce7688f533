mod fake;
mod fake_selftest;
mod harness;
