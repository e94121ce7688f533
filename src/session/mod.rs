//! Live group stretch sessions.
