"""The benchmark's peer: stock WordPress from Debian, with no page cache, on loopback.

``make bench`` compares our cold pages with WordPress's on the same content. This module
builds a throwaway WordPress site in the benchmark's temporary folder:

- a copy of Debian's ``/usr/share/wordpress`` with a ``wp-config.php`` of its own (the
  package's own one reads ``/etc/wordpress``, which the benchmark leaves alone), the
  default theme (Twenty Twenty-Three), no caching plugin, WP-Cron off (it would otherwise
  send itself a request now and then, in the middle of the measurement);
- php-fpm (5 workers, Debian's default pool size, OPcache as Debian ships it) and nginx,
  both with their configuration, socket and pid files in the folder, on 127.0.0.1;
- its own MariaDB database, dropped at the end;
- installed through ``wp-admin/install.php`` over HTTP, as a person would, then filled by
  SQL with the same site the benchmark seeds on our side (10,000 posts in five categories,
  3,000 of them in Community) and one post with 50 approved comments, written by its own
  author;
- that post comes back out through WordPress's own exporter (Tools › Export, by HTTP as
  that author's editor), and the benchmark imports the file into our site with
  ``import_wxr``: the same post, body and comments, on both sides.

Nothing here installs anything: when a piece is missing, ``missing_pieces`` says what
to install and the benchmark leaves the WordPress rows out.
"""

import contextlib
import glob
import html
import http.cookiejar
import os
import secrets
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tools.wordpress_content import STORY_SLUG, STORY_TITLE, content_sql, quote

WORDPRESS_DIR = Path("/usr/share/wordpress")
INSTALL_HINT = (
    "apt-get install -y wordpress wordpress-theme-twentytwentythree php-fpm php-mysql nginx"
    " mariadb-server (MariaDB running on 127.0.0.1:3306, root without a password)"
)
MARIADB = {"host": "127.0.0.1", "port": "3306", "user": "root"}
PHP_WORKERS = 5
PASSWORD_LENGTH = 24


def missing_pieces() -> list[str]:
    """What this machine lacks to run the peer; empty when everything is there."""
    missing = []
    if not (WORDPRESS_DIR / "wp-settings.php").is_file():
        missing.append("wordpress")
    if not glob.glob(str(WORDPRESS_DIR / "wp-content/themes/*/style.css")):
        missing.append("a WordPress theme (wordpress-theme-twentytwentythree)")
    if not php_fpm_binary():
        missing.append("php-fpm")
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").is_file():
        missing.append("nginx")
    if not shutil.which("mariadb"):
        missing.append("the MariaDB client")
    else:
        try:
            run_sql("SELECT 1", timeout=5)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
            missing.append("a MariaDB server on 127.0.0.1:3306 (root, no password)")
    return missing


def php_fpm_binary() -> str | None:
    found = sorted(glob.glob("/usr/sbin/php-fpm*"))
    return found[-1] if found else None


def run_sql(sql: str, database: str | None = None, timeout: float = 120) -> str:
    command = ["mariadb", "--batch", "--skip-column-names"]
    command += [f"--{name}={value}" for name, value in MARIADB.items()]
    if database:
        command.append(database)
    return subprocess.run(
        command, input=sql, capture_output=True, text=True, check=True, timeout=timeout
    ).stdout


@dataclass
class WordPressSite:
    base_url: str
    story_path: str
    home_path: str
    section_path: str
    export: Path
    # nginx and php-fpm (their workers are their children); MariaDB is looked up by name.
    server_pids: list[int]


@contextlib.contextmanager
def wordpress_site(folder: Path, port: int, *, stories: int) -> Iterator[WordPressSite]:
    """A running WordPress with the benchmark's content; stopped and dropped on exit."""
    folder.mkdir(parents=True, exist_ok=True)
    database = f"newsroom_bench_wp_{secrets.token_hex(4)}"
    base_url = f"http://127.0.0.1:{port}"
    processes: list[subprocess.Popen] = []
    run_sql(f"CREATE DATABASE {database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    try:
        root = _copy_wordpress(folder, database, base_url)
        socket_path = folder / "php-fpm.sock"
        processes.append(_start_php_fpm(folder, socket_path))
        processes.append(_start_nginx(folder, root, socket_path, port))
        _wait_for(base_url + "/wp-admin/install.php")
        password = secrets.token_urlsafe(PASSWORD_LENGTH)
        _install(base_url, password)
        run_sql(content_sql(stories), database)
        export = folder / "wordpress-export.xml"
        export.write_bytes(_export_story(base_url, password, database))
        # The first request after the install builds WordPress's rewrite rules.
        urllib.request.urlopen(base_url + "/", timeout=30).read()
        story_path = _story_path(database)
        yield WordPressSite(
            base_url=base_url,
            story_path=story_path,
            home_path="/",
            section_path="/category/community/",
            export=export,
            server_pids=[process.pid for process in processes],
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        with contextlib.suppress(subprocess.CalledProcessError, OSError):
            run_sql(f"DROP DATABASE IF EXISTS {database}")


def _copy_wordpress(folder: Path, database: str, base_url: str) -> Path:
    root = folder / "wordpress"
    shutil.copytree(
        WORDPRESS_DIR,
        root,
        ignore=shutil.ignore_patterns(".htaccess", "wp-config.php"),
        ignore_dangling_symlinks=True,
    )
    keys = "".join(
        f"define('{name}', '{secrets.token_hex(32)}');\n"
        for name in (
            "AUTH_KEY",
            "SECURE_AUTH_KEY",
            "LOGGED_IN_KEY",
            "NONCE_KEY",
            "AUTH_SALT",
            "SECURE_AUTH_SALT",
            "LOGGED_IN_SALT",
            "NONCE_SALT",
        )
    )
    (root / "wp-config.php").write_text(
        "<?php\n"
        f"define('DB_NAME', '{database}');\n"
        f"define('DB_USER', '{MARIADB['user']}');\n"
        "define('DB_PASSWORD', '');\n"
        f"define('DB_HOST', '{MARIADB['host']}:{MARIADB['port']}');\n"
        "define('DB_CHARSET', 'utf8mb4');\n"
        "define('DB_COLLATE', '');\n"
        f"{keys}"
        "$table_prefix = 'wp_';\n"
        f"define('WP_HOME', '{base_url}');\n"
        f"define('WP_SITEURL', '{base_url}');\n"
        "define('WP_DEBUG', false);\n"
        "define('DISABLE_WP_CRON', true);\n"
        "define('AUTOMATIC_UPDATER_DISABLED', true);\n"
        "define('WP_HTTP_BLOCK_EXTERNAL', true);\n"
        "if (!defined('ABSPATH')) { define('ABSPATH', __DIR__ . '/'); }\n"
        "require_once ABSPATH . 'wp-settings.php';\n"
    )
    return root


def _start_php_fpm(folder: Path, socket_path: Path) -> subprocess.Popen:
    config = folder / "php-fpm.conf"
    config.write_text(
        "[global]\n"
        f"pid = {folder / 'php-fpm.pid'}\n"
        f"error_log = {folder / 'php-fpm.log'}\n"
        "daemonize = no\n"
        "[bench]\n"
        "user = root\n"
        "group = root\n"
        f"listen = {socket_path}\n"
        "pm = static\n"
        f"pm.max_children = {PHP_WORKERS}\n"
    )
    # -R: the benchmark may run as root (CI containers do); the workers stay on loopback.
    return subprocess.Popen(
        [php_fpm_binary(), "--nodaemonize", "-R", "--fpm-config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _start_nginx(folder: Path, root: Path, socket_path: Path, port: int) -> subprocess.Popen:
    temp = folder / "nginx-temp"
    temp.mkdir(exist_ok=True)
    config = folder / "nginx-wordpress.conf"
    config.write_text(
        "daemon off;\n"
        # Run as root (CI containers), the workers must be able to open the folder and
        # php-fpm's socket, which are root's own.
        + ("user root;\n" if os.geteuid() == 0 else "")
        + "worker_processes 1;\n"
        f"pid {folder / 'nginx-wordpress.pid'};\n"
        f"error_log {folder / 'nginx-wordpress.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "  include /etc/nginx/mime.types;\n"
        "  access_log off;\n"
        f"  client_body_temp_path {temp}/body;\n"
        f"  fastcgi_temp_path {temp}/fastcgi;\n"
        f"  proxy_temp_path {temp}/proxy;\n"
        f"  uwsgi_temp_path {temp}/uwsgi;\n"
        f"  scgi_temp_path {temp}/scgi;\n"
        "  server {\n"
        f"    listen 127.0.0.1:{port};\n"
        f"    root {root};\n"
        "    index index.php;\n"
        "    location / { try_files $uri $uri/ /index.php?$args; }\n"
        "    location ~ \\.php$ {\n"
        "      include /etc/nginx/fastcgi_params;\n"
        "      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n"
        # With the port, as a browser sends it: WordPress redirects to its home address
        # until the two agree.
        "      fastcgi_param HTTP_HOST $http_host;\n"
        f"      fastcgi_pass unix:{socket_path};\n"
        "    }\n"
        "  }\n"
        "}\n"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return subprocess.Popen(
        [nginx, "-p", str(folder), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(url: str) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except urllib.error.HTTPError as error:
            if error.code < 500:  # nginx answers 502 until php-fpm listens
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"WordPress did not answer at {url}")


def _post(opener, url: str, fields: dict[str, str]) -> bytes:
    data = urllib.parse.urlencode(fields).encode()
    with opener.open(urllib.request.Request(url, data=data), timeout=60) as response:
        return response.read()


def _install(base_url: str, password: str) -> None:
    """Install as a person would: the famous five-minute form, sent by HTTP."""
    page = _post(
        urllib.request.build_opener(),
        base_url + "/wp-admin/install.php?step=2",
        {
            "weblog_title": "The Local Loop on WordPress",
            "user_name": "editor",
            "admin_password": password,
            "admin_password2": password,
            "pw_weak": "1",
            "admin_email": "editor@thelocalloop.example",
            "blog_public": "1",
            "language": "",
        },
    )
    if b"Success!" not in page:
        raise RuntimeError("WordPress's installer did not report success.")


def _export_story(base_url: str, password: str, database: str) -> bytes:
    """WordPress's own export (Tools › Export) of the reporter's posts: the one story."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base_url + "/wp-login.php", timeout=30).read()  # sets the test cookie
    _post(
        opener,
        base_url + "/wp-login.php",
        {"log": "editor", "pwd": password, "wp-submit": "Log In", "testcookie": "1"},
    )
    if not any(cookie.name.startswith("wordpress_logged_in") for cookie in jar):
        raise RuntimeError("Could not log in to the WordPress peer to export the story.")
    reporter = run_sql("SELECT ID FROM wp_users WHERE user_login = 'reporter'", database)
    query = urllib.parse.urlencode(
        {"download": "true", "content": "posts", "post_author": reporter.strip()}
    )
    with opener.open(f"{base_url}/wp-admin/export.php?{query}", timeout=60) as response:
        export = response.read()
    if html.escape(STORY_TITLE).encode() not in export and STORY_TITLE.encode() not in export:
        raise RuntimeError("WordPress's export does not hold the benchmark's story.")
    return export


def _story_path(database: str) -> str:
    posted = run_sql(
        f"SELECT DATE_FORMAT(post_date, '/%Y/%m/%d/') FROM wp_posts "
        f"WHERE post_name = {quote(STORY_SLUG)}",
        database,
    ).strip()
    return f"{posted}{STORY_SLUG}/"
