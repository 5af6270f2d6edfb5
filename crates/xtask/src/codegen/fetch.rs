//! Pinned packages fetched through their registries' own clients (`pip download`, `npm pack`,
//! `apt-get download`) into `target/codegen/`, checked against a pinned SHA-256 and unpacked once.

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, Copy)]
pub enum Registry {
    PyPi,
    Npm,
    Debian,
}

/// One pinned package file and the members the generators read from it.
#[derive(Debug, Clone, Copy)]
pub struct Package {
    pub registry: Registry,
    pub name: &'static str,
    pub version: &'static str,
    /// The file the client saves.
    pub file: &'static str,
    pub sha256: &'static str,
    /// Paths inside the archive to unpack (a Debian package is unpacked whole).
    pub members: &'static [&'static str],
}

/// Why a package could not be had: the difference matters to `cargo xtask test`, which skips the
/// check when a registry cannot be reached but fails when a download is not the pinned file.
#[derive(Debug)]
pub enum FetchError {
    /// The client failed (no network, registry down, version gone): the message says which.
    Unreachable(String),
    /// Anything else, a wrong checksum included.
    Other(anyhow::Error),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Unreachable(m) => write!(f, "{m}"),
            FetchError::Other(e) => write!(f, "{e:#}"),
        }
    }
}

impl From<anyhow::Error> for FetchError {
    fn from(e: anyhow::Error) -> Self {
        FetchError::Other(e)
    }
}

impl From<std::io::Error> for FetchError {
    fn from(e: std::io::Error) -> Self {
        FetchError::Other(e.into())
    }
}

impl Package {
    fn spec(&self) -> String {
        match self.registry {
            Registry::PyPi => format!("{}=={} (PyPI)", self.name, self.version),
            Registry::Npm => format!("{}@{} (npm)", self.name, self.version),
            Registry::Debian => format!("{}={} (Debian)", self.name, self.version),
        }
    }

    /// The unpacked package's folder, downloading and unpacking it first if needed.
    pub fn unpacked(&self, cache: &Path) -> Result<PathBuf, FetchError> {
        let file = self.download(cache)?;
        let dir = cache.join("unpacked").join(self.file);
        // The stamp names the file and the members unpacked: a package read for more members
        // than before is unpacked again.
        let stamp = dir.join(".unpacked");
        let stamp_text = format!("{}\n{}", self.sha256, self.members.join("\n"));
        if std::fs::read_to_string(&stamp).is_ok_and(|s| s == stamp_text) {
            return Ok(dir);
        }
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir)?;
        let mut cmd = match self.registry {
            // A wheel is a zip; Python is there wherever pip is.
            Registry::PyPi if self.file.ends_with(".whl") => {
                let mut c = Command::new("python3");
                c.args([
                    "-c",
                    "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], sys.argv[3:])",
                ]);
                c.arg(&file).arg(&dir).args(self.members);
                c
            }
            Registry::PyPi | Registry::Npm => {
                let mut c = Command::new("tar");
                c.arg("-xzf").arg(&file).arg("-C").arg(&dir).args(self.members);
                c
            }
            Registry::Debian => {
                let mut c = Command::new("dpkg-deb");
                c.arg("-x").arg(&file).arg(&dir);
                c
            }
        };
        let out = cmd.output().with_context(|| format!("unpacking {}", file.display()))?;
        if !out.status.success() {
            return Err(FetchError::Other(anyhow::anyhow!(
                "unpacking {} failed: {}",
                file.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        std::fs::write(&stamp, stamp_text)?;
        Ok(dir)
    }

    /// The package file in `cache/downloads`, fetched by the registry's client if missing.
    fn download(&self, cache: &Path) -> Result<PathBuf, FetchError> {
        let dir = cache.join("downloads");
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = dir.join(self.file);
        if path.exists() && sha256(&path)? == self.sha256 {
            return Ok(path);
        }
        // A client writes beside its other downloads; a partial or stale file goes first.
        let _ = std::fs::remove_file(&path);
        println!("xtask: downloading {}", self.spec());
        let mut cmd = match self.registry {
            Registry::PyPi => {
                let mut c = Command::new("python3");
                c.args(["-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-d"])
                    .arg(&dir)
                    .arg(format!("{}=={}", self.name, self.version));
                c
            }
            Registry::Npm => {
                let mut c = Command::new("npm");
                c.args(["pack", "--silent", "--pack-destination"])
                    .arg(&dir)
                    .arg(format!("{}@{}", self.name, self.version));
                c
            }
            Registry::Debian => {
                let mut c = Command::new("apt-get");
                c.arg("download").arg(format!("{}={}", self.name, self.version)).current_dir(&dir);
                c
            }
        };
        let out = cmd.output().map_err(|e| FetchError::Unreachable(format!("{}: {e}", self.spec())))?;
        if !out.status.success() || !path.exists() {
            let err = String::from_utf8_lossy(&out.stderr);
            let last = err.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("no message");
            return Err(FetchError::Unreachable(format!("could not download {}: {last}", self.spec())));
        }
        let got = sha256(&path)?;
        if got != self.sha256 {
            let _ = std::fs::remove_file(&path);
            return Err(FetchError::Other(anyhow::anyhow!(
                "{} has SHA-256 {got}, not the pinned {}: the registry served another file",
                self.spec(),
                self.sha256
            )));
        }
        Ok(path)
    }
}

fn sha256(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect())
}

/// Reads a file of an unpacked package.
pub fn read(dir: &Path, member: &str) -> Result<String> {
    let path = dir.join(member);
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

/// Fails unless `cond`; for a source whose shape is not what a generator expects.
pub fn ensure_shape(cond: bool, what: &str) -> Result<()> {
    if !cond {
        bail!("unexpected source data: {what}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_read_for_more_members_is_unpacked_again() {
        let root = std::env::temp_dir().join(format!("trawl-fetch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let src = root.join("src/package");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.txt"), "a").unwrap();
        std::fs::write(src.join("b.txt"), "b").unwrap();
        let cache = root.join("cache");
        std::fs::create_dir_all(cache.join("downloads")).unwrap();
        let file = cache.join("downloads/p-1.0.0.tgz");
        let tar = Command::new("tar").arg("-czf").arg(&file).arg("-C").arg(root.join("src")).arg("package").status();
        assert!(tar.unwrap().success());
        // The file is in the cache with its checksum, so nothing is downloaded.
        let sha: &'static str = Box::leak(sha256(&file).unwrap().into_boxed_str());
        let package = |members: &'static [&'static str]| Package {
            registry: Registry::Npm,
            name: "p",
            version: "1.0.0",
            file: "p-1.0.0.tgz",
            sha256: sha,
            members,
        };
        let dir = package(&["package/a.txt"]).unpacked(&cache).unwrap();
        assert!(dir.join("package/a.txt").exists() && !dir.join("package/b.txt").exists());
        let dir = package(&["package/a.txt", "package/b.txt"]).unpacked(&cache).unwrap();
        assert_eq!(read(&dir, "package/b.txt").unwrap(), "b");
        let _ = std::fs::remove_dir_all(root);
    }
}
