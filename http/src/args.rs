//! A small command-line reader shared by the three binaries: `--name
//! VALUE`, `--name=VALUE`, flags and positional words, in any order; and
//! the multi-threaded runtime the server and the load generator start.

use std::collections::VecDeque;
use std::str::FromStr;

/// One item of the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// `--name` (with its `=VALUE`, if written so).
    Opt(String, Option<String>),
    /// A word that is not an option.
    Word(String),
}

/// The command line, read item by item.
#[derive(Debug)]
pub struct Args {
    items: VecDeque<String>,
}

impl Args {
    /// The process's arguments (without the program name).
    #[must_use]
    pub fn from_env() -> Self {
        Args::new(std::env::args().skip(1))
    }

    /// Arguments from a list.
    pub fn new(items: impl IntoIterator<Item = String>) -> Self {
        Args {
            items: items.into_iter().collect(),
        }
    }

    /// The next item.
    pub fn next_arg(&mut self) -> Option<Arg> {
        let item = self.items.pop_front()?;
        Some(match item.strip_prefix("--") {
            Some(opt) if !opt.is_empty() => match opt.split_once('=') {
                Some((name, value)) => Arg::Opt(name.to_owned(), Some(value.to_owned())),
                None => Arg::Opt(opt.to_owned(), None),
            },
            _ => Arg::Word(item),
        })
    }

    /// The value of option `name`: the inline one, or the next item.
    ///
    /// # Errors
    /// The value is missing or does not parse.
    pub fn value<T: FromStr>(&mut self, name: &str, inline: Option<String>) -> Result<T, String>
    where
        T::Err: std::fmt::Display,
    {
        let raw = match inline {
            Some(v) => v,
            None => self
                .items
                .pop_front()
                .ok_or_else(|| format!("--{name} needs a value"))?,
        };
        raw.parse().map_err(|e| format!("--{name}: invalid value `{raw}`: {e}"))
    }
}

/// The multi-threaded tokio runtime of the server and the load generator:
/// `threads` workers (at least one), or tokio's default (one per core).
///
/// # Errors
/// The runtime cannot be started (the operating system refused a thread).
pub fn runtime(threads: Option<usize>) -> std::io::Result<tokio::runtime::Runtime> {
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    rt.enable_all();
    if let Some(n) = threads {
        rt.worker_threads(n.max(1));
    }
    rt.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_options_and_words() {
        let mut a = Args::new(["--listen=1.2.3.4:5", "call", "--clients", "8", "--verbose"].map(String::from));
        assert_eq!(a.next_arg(), Some(Arg::Opt("listen".into(), Some("1.2.3.4:5".into()))));
        assert_eq!(a.next_arg(), Some(Arg::Word("call".into())));
        let Some(Arg::Opt(name, inline)) = a.next_arg() else {
            panic!()
        };
        assert_eq!(a.value::<usize>(&name, inline), Ok(8));
        assert_eq!(a.next_arg(), Some(Arg::Opt("verbose".into(), None)));
        assert_eq!(a.next_arg(), None);
        assert!(a.value::<usize>("x", None).is_err());
    }
}
