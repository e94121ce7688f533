//! What the session manager and the reminder service both run on, handed over as one value so
//! that their constructors (and every place that wires them) do not repeat the list.

use std::sync::Arc;

use crate::{clock::SharedClock, content::Library, post::Poster, store::Store};

#[derive(Clone)]
pub struct Deps {
    pub store: Arc<dyn Store>,
    pub poster: Arc<dyn Poster>,
    pub clock: SharedClock,
    pub library: Arc<Library>,
}
