"""People at the newsroom desk, each in their own Chromium, with every admin page they see
checked: no console error, no Content-Security-Policy violation, and no serious or critical
axe-core violation.

The site sends its real policy throughout (the contexts do not bypass it). axe-core is
evaluated through the DevTools protocol, which the page's policy does not govern, so the
page is checked exactly as the desk sees it.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.roles import ensure_roles

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "desk-pw-2026!"

# Recorded from the first script of every document, before the page's own.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
    target: v.nodes[0].target.join(" "),
  }));
}"""
BLOCKING = {"serious", "critical"}


def staff_member(username: str, group: str, **fields):
    ensure_roles()
    user = get_user_model().objects.create_user(
        username, f"{username}@thelocalloop.example", PASSWORD, is_staff=True, **fields
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@dataclass
class PageReport:
    name: str
    console: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    blocking: list[str] = field(default_factory=list)
    minor: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.console or self.csp or self.blocking)


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Wait for a JavaScript expression to hold. Playwright's own wait_for_function compiles
    it inside the page, which the site's policy (no 'unsafe-eval') rightly refuses."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(20)


class Desk:
    """One person's browser at the desk."""

    def __init__(self, watched, site: str) -> None:
        self.watched = watched
        self.page = watched.page
        self.site = site
        self.reports: list[PageReport] = []
        watched.context.add_init_script(WATCH_CSP)
        self._axe = AXE.read_text()

    def go(self, path: str) -> None:
        self.page.goto(self.site + path)

    def log_in(self, username: str) -> None:
        self.go("/admin/login/")
        self.check("log-in page")
        self.page.get_by_label("Username:").fill(username)
        self.page.get_by_label("Password:").fill(PASSWORD)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_url("**/admin/")

    def check(self, name: str, admin: bool = True) -> PageReport:
        """Check the page as it stands, once its own scripts have run."""
        page = self.page
        page.wait_for_load_state("load")
        if admin:
            # admin-desk.js says when it has named Django's unnamed controls.
            page.locator("html[data-controls-named='true']").wait_for(state="attached")
        report = PageReport(name)
        report.console, self.watched.errors[:] = list(self.watched.errors), []
        report.csp = page.evaluate("window.__cspViolations || []")
        page.evaluate(self._axe + ";0")
        for violation in page.evaluate(RUN_AXE):
            line = (
                f"{violation['id']} ({violation['impact']}): {violation['help']}, "
                f"{violation['count']}×, e.g. {violation['target']}"
            )
            (report.blocking if violation["impact"] in BLOCKING else report.minor).append(line)
        self.reports.append(report)
        return report

    def assert_every_page_clean(self) -> None:
        for report in self.reports:
            if report.minor:
                print(f"\n  axe, minor or moderate, on {report.name}: {report.minor}")
        problems = {r.name: (r.console, r.csp, r.blocking) for r in self.reports if not r.clean}
        assert problems == {}, problems
        assert self.watched.failed == [], self.watched.failed
