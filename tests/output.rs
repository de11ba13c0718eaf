//! The output folder under hostile conditions (SPEC §7): two builds at once,
//! symbolic links left in the previous output or given as the output, links
//! in `static/` and `themes/`, a `base_url` with doubled slashes, a disk
//! that runs out of space or inodes, and `serve` stopped by a signal.
//!
//! Each test runs the real binary on a copy of `tests/fixtures/valid` and
//! checks what a user would see: the site, the files outside it, the
//! messages.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{fixture, snapshot, TestDossier};

/// The site a plain build of `d` writes, read back.
fn reference_site(d: &TestDossier) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot(&d.public())
}

fn build_command(d: &TestDossier) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
    command
        .args(["build", "--root"])
        .arg(&d.root)
        .current_dir(&d.root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

#[test]
fn two_builds_at_once_both_leave_the_complete_site() {
    let d = fixture("valid");
    let reference = reference_site(&d);
    assert!(reference.contains_key(Path::new("index.html")));
    for round in 0..8 {
        let children: Vec<_> = (0..2).map(|_| build_command(&d).spawn().unwrap()).collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let site = snapshot(&d.public());
        let differ: Vec<_> = reference
            .keys()
            .chain(site.keys())
            .filter(|k| reference.get(*k) != site.get(*k))
            .collect();
        assert!(
            differ.is_empty(),
            "round {round}: the output is not the site; these files differ: {differ:?}"
        );
    }
}

/// Takes the build lock the way another dossier process would: `flock` on
/// the folder that holds the output.
fn hold_lock(folder: &Path) -> std::fs::File {
    let file = std::fs::File::open(folder).unwrap();
    rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive).unwrap();
    file
}

#[test]
fn a_build_waits_for_the_one_running_and_says_so_or_gives_up_clearly() {
    let d = fixture("valid");
    let reference = reference_site(&d);

    // A build that starts while another holds the output waits, says so,
    // and builds once the other is done.
    let held = hold_lock(&d.root);
    let child = build_command(&d).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    drop(held);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "waiting for another build of {} to finish",
            d.public().display()
        )),
        "{stderr}"
    );
    assert_eq!(snapshot(&d.public()), reference);

    // One that waits longer than it may gives up with a clear error, and
    // the previous site stays.
    let _held = hold_lock(&d.root);
    let start = Instant::now();
    let out = build_command(&d)
        .env("DOSSIER_LOCK_TIMEOUT", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("gave up waiting: another build of")
            && stderr.contains("DOSSIER_LOCK_TIMEOUT"),
        "{stderr}"
    );
    assert!(start.elapsed() < Duration::from_secs(20));
    assert_eq!(snapshot(&d.public()), reference);
}

/// Every file under `dir`, links included, with what it holds or points to.
fn everything(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut all: Vec<(PathBuf, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| {
            let what = if e.path_is_symlink() {
                format!("-> {}", std::fs::read_link(e.path()).unwrap().display())
            } else if e.file_type().is_file() {
                String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned()
            } else {
                "/".to_string()
            };
            (e.path().to_path_buf(), what)
        })
        .collect();
    all.sort();
    all
}

#[test]
fn links_left_in_the_previous_output_are_replaced_never_followed() {
    let d = fixture("valid");
    let reference = reference_site(&d);
    let outside = d.root.parent().unwrap().join("outside");
    std::fs::create_dir_all(outside.join("folder")).unwrap();
    std::fs::write(outside.join("victim.html"), "precious").unwrap();
    let before = everything(&outside);

    // Links where the site has a page, a folder and a static file, in the
    // output and in the staging folder: each becomes the buffer a later
    // build writes into.
    let staging = d.root.join(".public.dossier-staging");
    for folder in [d.public(), staging.clone()] {
        let page = folder.join("index.html");
        let _ = std::fs::remove_file(&page);
        std::os::unix::fs::symlink(outside.join("victim.html"), &page).unwrap();
        let people = folder.join("people");
        let _ = std::fs::remove_dir_all(&people);
        std::os::unix::fs::symlink(outside.join("folder"), &people).unwrap();
        let extra = folder.join("robots-extra.txt");
        let _ = std::fs::remove_file(&extra);
        std::os::unix::fs::symlink(outside.join("victim.html"), &extra).unwrap();
    }
    for _ in 0..3 {
        let run = d.build(&[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(everything(&outside), before, "nothing outside changed");
        assert_eq!(snapshot(&d.public()), reference);
    }
    // What is published holds no link.
    for folder in [d.public(), staging] {
        let links: Vec<_> = walkdir::WalkDir::new(&folder)
            .into_iter()
            .flatten()
            .filter(|e| e.path_is_symlink())
            .map(|e| e.path().to_path_buf())
            .collect();
        assert!(links.is_empty(), "{links:?}");
    }
}

#[test]
fn an_output_that_is_a_symbolic_link_is_refused_and_nothing_is_written() {
    let d = fixture("valid");
    let elsewhere = d.root.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(elsewhere.join("site")).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("site"), d.public()).unwrap();
    let before = everything(&elsewhere);
    let run = d.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "refusing to write the site to {}: it is a symbolic link to {}",
            d.public().display(),
            elsewhere.join("site").display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("name the folder itself"),
        "{}",
        run.stderr
    );
    assert_eq!(everything(&elsewhere), before);
    assert!(std::fs::symlink_metadata(d.public())
        .unwrap()
        .file_type()
        .is_symlink());
    // The folder itself, named as the output, is fine.
    let target = elsewhere.join("site");
    let run = d.build(&["--output", target.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(target.join("index.html").is_file());
}

#[test]
fn a_theme_must_live_in_the_dossiers_themes_folder() {
    let d = fixture("valid");
    let outside = d.root.parent().unwrap().join("evil-theme");
    std::fs::create_dir_all(outside.join("static")).unwrap();
    std::fs::write(outside.join("static/secret.txt"), "secret").unwrap();
    let site_toml = std::fs::read_to_string(d.root.join("site.toml")).unwrap();
    for theme in [
        outside.to_str().unwrap(),
        "../../evil-theme",
        "../evil-theme",
    ] {
        d.write("site.toml", &format!("theme = \"{theme}\"\n{site_toml}"));
        let run = d.build(&[]);
        assert_eq!(run.code, 1, "{theme}: {}", run.stderr);
        assert!(
            run.stderr.contains("site.toml:1:1")
                && run
                    .stderr
                    .contains("is not the name of a folder in themes/"),
            "{theme}: {}",
            run.stderr
        );
        assert!(!d.public().exists());
    }
    // A link in themes/ that leads out of the dossier is refused too.
    std::fs::create_dir_all(d.root.join("themes")).unwrap();
    std::os::unix::fs::symlink(&outside, d.root.join("themes/linked")).unwrap();
    d.write("site.toml", &format!("theme = \"linked\"\n{site_toml}"));
    let run = d.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("symbolic link out of the dossier"),
        "{}",
        run.stderr
    );
    assert!(!d.public().exists());
}

#[test]
fn broken_and_escaping_links_in_static_are_skipped_with_a_warning() {
    let d = fixture("valid");
    let outside = d.root.parent().unwrap().join("secret.txt");
    std::fs::write(&outside, "secret").unwrap();
    std::os::unix::fs::symlink(
        d.root.join("static/nowhere"),
        d.root.join("static/broken.css"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, d.root.join("static/leak.txt")).unwrap();
    std::fs::create_dir_all(d.root.join("static/deep")).unwrap();
    std::os::unix::fs::symlink(d.root.join("static"), d.root.join("static/deep/loop")).unwrap();
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (name, why) in [
        ("static/broken.css", "points nowhere"),
        ("static/leak.txt", "leads out of its folder"),
        (
            "static/deep/loop",
            "points back to a folder that contains it",
        ),
    ] {
        assert!(
            run.stderr
                .contains(&format!("warning: symbolic link {why}; it is not copied")),
            "{name}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(name), "{name}: {}", run.stderr);
    }
    assert!(d.public().join("robots-extra.txt").is_file());
    assert!(!d.public().join("leak.txt").exists());
    assert!(!d.public().join("broken.css").exists());
}

#[test]
fn doubled_slashes_in_base_url_never_make_links_to_another_host() {
    let d = fixture("valid");
    let site_toml = std::fs::read_to_string(d.root.join("site.toml")).unwrap();
    d.write(
        "site.toml",
        &site_toml.replace(
            "base_url = \"https://example.org/fixture/\"",
            "base_url = \"https://example.org//news//\"",
        ),
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = d.page("index.html");
    assert!(home.contains("href=\"/news/dossier.css\""), "{home:.2000}");
    for (rel, text) in snapshot(&d.public()) {
        let text = String::from_utf8_lossy(&text);
        assert!(
            !text.contains("=\"//") && !text.contains("example.org//"),
            "{} holds a protocol-relative or doubled link",
            rel.display()
        );
    }
    // The flag is read the same way.
    let run = d.build(&["--base-url", "https://example.org//flag///x"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(d
        .page("index.html")
        .contains("href=\"/flag/x/dossier.css\""));
}

/// A small tmpfs mounted for one test, unmounted when dropped; `None`
/// (and a note on stderr) where mounting is not allowed.
struct SmallDisk {
    path: PathBuf,
}

impl SmallDisk {
    fn mount(path: &Path) -> Option<SmallDisk> {
        std::fs::create_dir_all(path).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64m,nr_inodes=100000", "tmpfs"])
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("skipped: cannot mount a tmpfs here (needs root)");
            return None;
        }
        Some(SmallDisk {
            path: path.to_path_buf(),
        })
    }

    /// Limits the disk to what it holds now plus `blocks` 4 KiB blocks and
    /// `inodes` files.
    fn limit(&self, blocks: u64, inodes: u64) {
        let s = rustix::fs::statvfs(&self.path).unwrap();
        let used_bytes = (s.f_blocks - s.f_bfree) * s.f_frsize;
        let used_inodes = s.f_files - s.f_ffree;
        let status = Command::new("mount")
            .arg("-o")
            .arg(format!(
                "remount,size={},nr_inodes={}",
                used_bytes + blocks * 4096,
                used_inodes + inodes
            ))
            .arg(&self.path)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

#[test]
fn a_full_disk_is_named_and_the_previous_site_stays() {
    let d = fixture("valid");
    let Some(disk) = SmallDisk::mount(&d.root.parent().unwrap().join("disk")) else {
        return;
    };
    let output = disk.path.join("public");
    let out = output.to_str().unwrap();
    let run = d.build(&["--output", out]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = snapshot(&output);
    // A change to every page, so the next build rewrites them all.
    let site_toml = std::fs::read_to_string(d.root.join("site.toml")).unwrap();
    d.write(
        "site.toml",
        &site_toml.replace("Fixture Dossier", "Fixture Dossier, again"),
    );

    // Room for data, none for more files, and a staging folder to start
    // afresh: the folders of its pages are the first thing to fail.
    std::fs::remove_dir_all(disk.path.join(".public.dossier-staging")).unwrap();
    disk.limit(2048, 4);
    let run = d.build(&["--output", out]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no inodes left on device"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("No such file or directory"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&output), site, "the previous site stays");

    // Room for files, none for data.
    disk.limit(1, 100_000);
    let run = d.build(&["--output", out]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no space left on device"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("No such file or directory"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&output), site, "the previous site stays");
}

/// Starts `dossier serve` on the fixture with its temporary folder in
/// `scratch`, waits until it serves, sends it `signal`, and returns once it
/// has exited.
fn serve_and_stop(d: &TestDossier, scratch: &Path, signal: &str) -> String {
    use std::io::{BufRead, BufReader, Read};
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&d.root)
        .env("TMPDIR", scratch)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let serving = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.starts_with("serving "));
    assert!(serving, "serve never served");
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "serve did not stop on SIG{signal}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    stderr
}

#[test]
fn serve_removes_its_temporary_folder_on_every_stopping_signal() {
    let d = fixture("valid");
    let scratch = d.root.parent().unwrap().join("tmp");
    std::fs::create_dir_all(&scratch).unwrap();
    for signal in ["HUP", "TERM", "INT", "QUIT"] {
        let stderr = serve_and_stop(&d, &scratch, signal);
        let left: Vec<_> = std::fs::read_dir(&scratch)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(
            left.is_empty(),
            "SIG{signal} left {left:?} behind; stderr:\n{stderr}"
        );
        assert!(stderr.contains("stopping"), "SIG{signal}: {stderr}");
    }
}
