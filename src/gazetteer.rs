//! Gazetteers (stub: being written).
