mod fake;
mod childspose;
mod fake_selftest;
mod faults;
mod harness;
mod sending;
mod sessions;
