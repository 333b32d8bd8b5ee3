"""Stage 2: do the credits the course claims agree with the learner workload?

A track's workload is its modules' ``estimated_minutes`` plus declared extra work; under the
track's rule (``hours_per_credit``) that workload gives a range of credits (``ir.CreditRule``).
Credits a track's credential declares must lie in it (``[credential.credits]``), and so must
the credits a module.yml declares for the module's own minutes (``[module.credits]``), under
its track's rule, or ECTS (25-30 hours per credit) when the track declares none.
"""

from bwise_mooc.diagnostics import Diagnostics
from bwise_mooc.ir import Course, CreditRule, Module, Track
from bwise_mooc.ir.credential import default_rule, hours, shown


def check_credits(course: Course, diagnostics: Diagnostics) -> None:
    """Add every claim of credits that its workload does not support to ``diagnostics``."""
    tracks = {track.id: track for track in course.tracks}
    for track in course.tracks:
        _check_track(course, track, diagnostics)
    for module in course.modules:
        _check_module(module, tracks.get(module.track), diagnostics)


def allowed_text(rule: CreditRule, minutes: int) -> str:
    """``0.34 to 0.42 credits`` (or ``0.11 credits``): what ``minutes`` of work allow."""
    fewest, most = rule.allowed(minutes)
    if fewest == most:
        return f"{shown(fewest)} credits"
    return f"{shown(fewest)} to {shown(most)} credits"


def workload_text(minutes: int) -> str:
    """``625 minutes (10.42 hours)``."""
    return f"{minutes} minutes ({shown(hours(minutes))} hours)"


def _check_track(course: Course, track: Track, diagnostics: Diagnostics) -> None:
    credential = track.credential
    if credential is None or credential.credits is None or credential.credit_rule is None:
        return
    rule, minutes = credential.credit_rule, track.workload_minutes
    if rule.allows(credential.credits, minutes):
        return
    count = len(course.track_modules(track.id))
    modules = f"{count} module" if count == 1 else f"{count} modules"
    extra = (
        f"{credential.extra_minutes} minutes of extra work"
        if credential.extra_work
        else "no extra work"
    )
    diagnostics.error(
        credential.credits_source or credential.source,
        "credential.credits",
        f"track '{track.id}' claims {shown(credential.credits)} credits, but its workload of "
        f"{minutes} minutes ({shown(hours(minutes))} hours: {modules}, {extra}) "
        f"allows {allowed_text(rule, minutes)} under {rule.describe()}",
    )


def _check_module(module: Module, track: Track | None, diagnostics: Diagnostics) -> None:
    if module.credits is None:
        return
    where = module.credits_source or module.source
    declared = track.credential.credit_rule if track and track.credential else None
    rule = declared or default_rule(where)
    minutes = module.estimated_minutes
    if rule.allows(module.credits, minutes):
        return
    whose = (
        f"the rule of track '{module.track}'"
        if declared
        else f"the default: track '{module.track}' declares no hours_per_credit"
    )
    diagnostics.error(
        where,
        "module.credits",
        f"module claims {shown(module.credits)} credits, but its {workload_text(minutes)} "
        f"allow {allowed_text(rule, minutes)} under {rule.describe()} ({whose})",
    )
