mod fake;
mod childspose;
mod fake_selftest;
mod harness;
mod sending;
mod sessions;
