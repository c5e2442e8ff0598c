//! The README's console blocks, run: every ` ```console ` block of
//! `README.md` is a sequence of `$ COMMAND` lines, each followed by the
//! output it prints. The commands run in order, through `sh`, in one
//! scratch directory (with `examples/` and `data/` of the checkout linked
//! in and the built `tupu` first on `PATH`), standard error merged into
//! standard output as a terminal shows them; each output is compared with
//! snapbox, where `[..]` matches the rest of a line up to what follows and
//! `...` alone on a line matches any number of lines (used for timings
//! and for long listings shortened in the README).
//!
//! A command spans several lines while a quote is open or a line ends in
//! `\`. A command ending in ` &` (`tupu serve … &`) runs in the
//! background until the test ends; its shown output is its first line. The
//! README's port `127.0.0.1:7878` is replaced by a free port, in commands
//! and outputs alike.

use crate::util::root;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// One `$ COMMAND` of a console block and the output shown after it.
#[derive(Debug)]
struct Step {
    /// The 1-based README line of the `$`.
    line: usize,
    /// The command, continuation lines joined with `\n`.
    command: String,
    /// The output the README shows, lines joined with `\n`.
    expected: String,
}

/// Whether `command` has an unclosed `'…'` or `"…"` or ends with `\`.
fn continues(command: &str) -> bool {
    let (mut single, mut double, mut escaped) = (false, false, false);
    for c in command.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if !single => escaped = true,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            _ => {}
        }
    }
    single || double || escaped
}

/// The steps of every console block of `text`, in order.
fn console_steps(text: &str) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut in_block = false;
    let mut open_command = false;
    for (i, line) in text.lines().enumerate() {
        if !in_block {
            in_block = line.trim_end() == "```console";
            continue;
        }
        if line.trim_end() == "```" {
            in_block = false;
            open_command = false;
            continue;
        }
        if open_command {
            let step = steps.last_mut().expect("a command is open");
            step.command.push('\n');
            step.command.push_str(line);
            open_command = continues(&step.command);
        } else if let Some(command) = line.strip_prefix("$ ") {
            steps.push(Step {
                line: i + 1,
                command: command.to_owned(),
                expected: String::new(),
            });
            open_command = continues(command);
        } else {
            let step = steps
                .last_mut()
                .unwrap_or_else(|| panic!("README.md:{}: output before any `$` command", i + 1));
            step.expected.push_str(line);
            step.expected.push('\n');
        }
    }
    steps
}

/// `sh -c COMMAND` in `dir` with the built `tupu` first on `PATH`, its
/// standard error merged into standard output.
fn sh(dir: &Path, command: &str) -> Command {
    let bin = Path::new(env!("CARGO_BIN_EXE_tupu")).parent().unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(dir)
        .env("PATH", std::env::join_paths(paths).unwrap())
        .env_remove("TUPU_DB")
        .env_remove("TUPU_REMOTE_PASSWORD")
        .env_remove("TUPU_REMOTE_TOKEN")
        .stdin(Stdio::null());
    cmd
}

/// Runs `command` to its end, returning what it printed.
fn shell(dir: &Path, command: &str) -> String {
    let out = sh(dir, command).output().expect("sh runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A background command, killed when dropped.
struct Background(Child);

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `command` (without its trailing `&`) in the background and
/// returns it with the first line it printed (waiting at most 20 s).
fn background(dir: &Path, command: &str) -> (Background, String) {
    let log = dir.join(".background.log");
    let file = std::fs::File::create(&log).unwrap();
    let child = Background(
        sh(dir, &format!("exec {command}"))
            .stdout(Stdio::from(file))
            .spawn()
            .expect("sh runs"),
    );
    let started = std::time::Instant::now();
    loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some((first, _)) = text.split_once('\n') {
            return (child, format!("{first}\n"));
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "`{command}` printed nothing in 20 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// A free loopback port, as `127.0.0.1:PORT`.
fn free_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

#[test]
fn console_blocks_parse_into_commands_and_outputs() {
    let steps = console_steps(
        "text\n```console\n$ tupu a 'x\n  y'\nout 1\n...\n$ b \\\n  c\n```\n```sh\n$ not run\n```\n",
    );
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert_eq!(steps[0].command, "tupu a 'x\n  y'");
    assert_eq!(steps[0].expected, "out 1\n...\n");
    assert_eq!(steps[0].line, 3);
    assert_eq!(steps[1].command, "b \\\n  c");
    assert_eq!(steps[1].expected, "");
}

#[test]
fn readme_console_blocks_print_what_they_show() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let steps = console_steps(&readme);
    assert!(steps.len() > 20, "{} steps", steps.len());
    let tmp = tempfile::tempdir().unwrap();
    for linked in ["examples", "data"] {
        std::os::unix::fs::symlink(root().join(linked), tmp.path().join(linked)).unwrap();
    }
    let assert = snapbox::Assert::new().normalize_paths(false);
    let address = free_address();
    let mut failures = Vec::new();
    let mut running = Vec::new();
    for step in &steps {
        let command = step.command.replace("127.0.0.1:7878", &address);
        let expected = step.expected.replace("127.0.0.1:7878", &address);
        let actual = match command.trim_end().strip_suffix('&') {
            Some(command) => {
                let (child, first_line) = background(tmp.path(), command);
                running.push(child);
                first_line
            }
            None => shell(tmp.path(), &command),
        };
        if let Err(e) = assert.try_eq(
            Some(&format!("README.md:{}: $ {}", step.line, step.command)),
            actual.into(),
            expected.into(),
        ) {
            failures.push(format!("README.md:{}: $ {}\n{e}", step.line, step.command));
        }
    }
    drop(running);
    assert!(
        failures.is_empty(),
        "{} of {} README commands print something else:\n\n{}",
        failures.len(),
        steps.len(),
        failures.join("\n\n")
    );
}

#[test]
fn readme_query_is_the_example_file_and_reads_as_select() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let file = root().join("examples/signed_at_2021_expo.rq");
    let query = std::fs::read_to_string(&file).unwrap();
    let start = readme.find("```sparql\n").expect("a sparql block") + "```sparql\n".len();
    let end = start + readme[start..].find("```").unwrap();
    assert_eq!(
        &readme[start..end],
        query,
        "the README's query block is examples/signed_at_2021_expo.rq"
    );
    // SPARQLWrapper guesses the query form from the text, comments included.
    if let Some(read) = crate::export::python_read("query", &file) {
        assert_eq!(read["queryType"], "SELECT", "{read}");
    }
}
