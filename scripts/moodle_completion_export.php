<?php
// A course completion report made by a real Moodle (tests/fixtures/credentials/moodle43-*.csv),
// for `bwise-mooc credential issue`. Moodle is never modified: this is a CLI script run with
// Moodle's PHP, like the import scripts of the test set-up (../shared/moodle/), and the report is
// downloaded over HTTP from the running site (start.sh) exactly as a teacher downloads it.
//
//   php scripts/moodle_completion_export.php --moodle=/opt/moodle-src --out=FILE.csv
//       [--out-excel=FILE.csv] [--wwwroot=URL]
//
// Through Moodle's own APIs it:
//   - turns completion tracking on site-wide ($CFG->enablecompletion) and shows the e-mail among
//     the user identity fields of reports (showuseridentity = email);
//   - (re)creates the course "bwise-credential-workers" with completion enabled, two pages with
//     manual completion, and course completion criteria "both activities" (what course/completion.php
//     saves: completion_criteria_*::update_config() and completion_aggregation);
//   - (re)creates four learners (a mixed-case e-mail, a name in Arabic letters, one who completes one
//     activity only, one who completes nothing) and a teacher "reporter" whose time zone is
//     Europe/Brussels, and enrols them;
//   - marks activity completions with fixed times: what completion_info::update_state() does for a
//     manual activity (internal_set_data(), which also marks the activity criterion and aggregates the
//     course completion at once), with a fixed clock instead of time(); then runs the scheduled task
//     \core\task\completion_regular_task as cron would;
//   - logs in over HTTP as the teacher and saves the unmodified bytes of
//     report/completion/index.php?course=ID&format=csv (--out) and &format=excelcsv (--out-excel).
//
// Running it again deletes and recreates the course and the users (new ids).
// Prints one JSON object. Exit status: 0 done, 1 failed, 2 usage error.

define('CLI_SCRIPT', true);

$known = ['moodle', 'out', 'out-excel', 'wwwroot'];
$opts = [];
foreach (array_slice($argv, 1) as $arg) {
    if (!preg_match('/^--([a-z-]+)=(.*)$/s', $arg, $m) || !in_array($m[1], $known, true)) {
        fwrite(STDERR, "usage: php moodle_completion_export.php --moodle=DIR --out=FILE.csv [--out-excel=FILE.csv] [--wwwroot=URL]\n");
        exit(2);
    }
    $opts[$m[1]] = $m[2];
}
if (empty($opts['moodle']) || !is_file($opts['moodle'] . '/config.php') || empty($opts['out'])) {
    fwrite(STDERR, "usage: php moodle_completion_export.php --moodle=DIR --out=FILE.csv [--out-excel=FILE.csv] [--wwwroot=URL]\n");
    exit(2);
}
require_once($opts['moodle'] . '/config.php');
require_once($CFG->libdir . '/clilib.php');
require_once($CFG->libdir . '/completionlib.php');
require_once($CFG->libdir . '/enrollib.php');
require_once($CFG->libdir . '/testing/generator/lib.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/user/lib.php');
require_once($CFG->dirroot . '/completion/criteria/completion_criteria_activity.php');
\core\session\manager::set_user(get_admin());
// What Moodle prints on the way (cron's mtrace() lines, debugging notices such as "Not sending
// email due to $CFG->noemailever") goes into the report, so that stdout is one JSON object.
$bwisetrace = [];
function bwise_mtrace($string, $eol = "\n"): void {
    global $bwisetrace;
    $bwisetrace[] = rtrim((string)$string);
}
$CFG->mtrace_wrapper = 'bwise_mtrace';
ob_start();

const BWISE_SHORTNAME = 'bwise-credential-workers';
const BWISE_REPORTER_PASSWORD = 'Reporter-test-1';

/** Fixed times (UTC) so that the report is the same on every run. */
function bwise_utc(string $text): int {
    return (new DateTimeImmutable($text, new DateTimeZone('UTC')))->getTimestamp();
}

// The learners and what each completes (activity index => time of completion, UTC).
$learners = [
    // Completes both; mixed-case e-mail. Course complete 2026-03-14 09:22:05 UTC (10:22:05 in Brussels, CET).
    ['username' => 'bwise-ana', 'firstname' => 'Ana', 'lastname' => 'Lima', 'email' => 'Ana.Lima@Example.ORG',
        'done' => [0 => '2026-03-02 13:05:11', 1 => '2026-03-14 09:22:05']],
    // Completes both; name in Arabic letters. Course complete 2026-03-30 22:30:00 UTC: 2026-03-31 00:30:00 in
    // Brussels (CEST since 29 March), another day than in UTC or London.
    ['username' => 'bwise-fatima', 'firstname' => 'فاطمة', 'lastname' => 'حداد', 'email' => 'fatima.haddad@example.com',
        'done' => [1 => '2026-03-05 15:48:00', 0 => '2026-03-30 22:30:00']],
    // Completes the first activity only.
    ['username' => 'bwise-jonas', 'firstname' => 'Jonas', 'lastname' => 'Becker', 'email' => 'jonas.becker@example.net',
        'done' => [0 => '2026-03-03 08:12:40']],
    // Completes nothing.
    ['username' => 'bwise-piet', 'firstname' => 'Piet', 'lastname' => 'de Vries', 'email' => 'piet@example.org',
        'done' => []],
];
$reporter = ['username' => 'bwise-reporter', 'firstname' => 'Rita', 'lastname' => 'Reporter',
    'email' => 'reporter@example.org', 'timezone' => 'Europe/Brussels', 'password' => BWISE_REPORTER_PASSWORD];

$report = ['tool' => 'moodle_completion_export.php', 'moodle' => ['release' => $CFG->release, 'version' => $CFG->version]];
try {
    // Site settings (Site administration > Advanced features > Enable completion tracking; > Users >
    // Permissions > User policies > Show user identity).
    set_config('enablecompletion', 1);
    $identity = array_filter(explode(',', (string)($CFG->showuseridentity ?? '')));
    if (!in_array('email', $identity, true)) {
        $identity[] = 'email';
        set_config('showuseridentity', implode(',', $identity));
    }
    $report['site'] = ['enablecompletion' => (int)get_config('core', 'enablecompletion'),
        'showuseridentity' => get_config('core', 'showuseridentity'), 'timezone' => core_date::get_server_timezone()];

    // A fresh start: the course and the users of an earlier run go.
    if ($old = $DB->get_record('course', ['shortname' => BWISE_SHORTNAME])) {
        delete_course($old, false);
    }
    foreach (array_merge($learners, [$reporter]) as $each) {
        if ($old = $DB->get_record('user', ['username' => $each['username'], 'deleted' => 0, 'mnethostid' => $CFG->mnet_localhost_id])) {
            delete_user($old);
        }
    }

    $generator = new testing_data_generator();
    $course = $generator->create_course(['fullname' => 'Digital skills for workers', 'shortname' => BWISE_SHORTNAME,
        'enablecompletion' => 1, 'numsections' => 2, 'format' => 'topics']);
    $cms = [];
    foreach (['Module 1: Your phone and you', 'Module 2: Safe online'] as $index => $name) {
        $page = $generator->create_module('page', ['course' => $course->id, 'name' => $name, 'section' => $index + 1,
            'content' => "<p>$name</p>", 'completion' => COMPLETION_TRACKING_MANUAL]);
        $cms[] = get_coursemodule_from_id('page', $page->cmid, $course->id, false, MUST_EXIST);
    }

    // Course completion criteria, as course/completion.php saves the form: each criterion type's
    // update_config(), then the aggregation methods (all criteria, all activities).
    $completion = new completion_info($course);
    $completion->clear_criteria();
    $data = (object)['id' => $course->id, 'criteria_activity' => [],
        'overall_aggregation' => COMPLETION_AGGREGATION_ALL, 'activity_aggregation' => COMPLETION_AGGREGATION_ALL];
    foreach ($cms as $cm) {
        $data->criteria_activity[$cm->id] = 1;
    }
    global $COMPLETION_CRITERIA_TYPES;
    foreach ($COMPLETION_CRITERIA_TYPES as $type) {
        $class = 'completion_criteria_' . $type;
        require_once($CFG->dirroot . '/completion/criteria/' . $class . '.php');
        $criterion = new $class();
        $criterion->update_config($data);
    }
    foreach ([null => $data->overall_aggregation, COMPLETION_CRITERIA_TYPE_ACTIVITY => $data->activity_aggregation,
            COMPLETION_CRITERIA_TYPE_COURSE => 0, COMPLETION_CRITERIA_TYPE_ROLE => 0] as $type => $method) {
        $aggregation = new completion_aggregation(['course' => $course->id, 'criteriatype' => $type === '' ? null : $type]);
        $aggregation->setMethod($method);
        $aggregation->save();
    }
    \core\event\course_completion_updated::create(['courseid' => $course->id,
        'context' => context_course::instance($course->id)])->trigger();

    // Users and enrolments.
    $ru = $generator->create_user(array_diff_key($reporter, ['done' => 1]));
    $generator->enrol_user($ru->id, $course->id, 'editingteacher');
    $users = [];
    foreach ($learners as $each) {
        $user = $generator->create_user(array_diff_key($each, ['done' => 1]) + ['password' => 'Learner-test-1']);
        $generator->enrol_user($user->id, $course->id, 'student', 'manual', bwise_utc('2026-03-01 08:00:00'));
        $users[] = $user;
    }

    // Activity completions: update_state()'s own steps for a manual activity, with a fixed clock.
    $completion = new completion_info(get_course($course->id));
    foreach ($learners as $i => $each) {
        foreach ($each['done'] as $index => $when) {
            $cm = $cms[$index];
            $current = $completion->get_data($cm, false, $users[$i]->id);
            $current->completionstate = COMPLETION_COMPLETE;
            $current->timemodified = bwise_utc($when);
            $current->overrideby = null;
            $completion->internal_set_data($cm, $current);
        }
    }
    // And what cron does every minute.
    (new \core\task\completion_regular_task())->execute();

    $report['course'] = ['id' => (int)$course->id, 'shortname' => BWISE_SHORTNAME,
        'cmids' => array_map(fn($cm) => (int)$cm->id, $cms)];
    $report['course_completions'] = [];
    foreach ($users as $user) {
        $cc = $DB->get_record('course_completions', ['userid' => $user->id, 'course' => $course->id]);
        $report['course_completions'][] = ['userid' => (int)$user->id, 'email' => $user->email,
            'timecompleted' => $cc && $cc->timecompleted ? gmdate('Y-m-d H:i:s', $cc->timecompleted) . ' UTC' : null];
    }

    // Download the report over HTTP as the teacher, as "Download in spreadsheet format".
    $wwwroot = rtrim($opts['wwwroot'] ?? $CFG->wwwroot, '/');
    $jar = tempnam(sys_get_temp_dir(), 'bwisecookie');
    $get = function (string $url, ?array $post = null) use ($jar) {
        $ch = curl_init($url);
        curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_FOLLOWLOCATION => true, CURLOPT_MAXREDIRS => 5,
            CURLOPT_COOKIEJAR => $jar, CURLOPT_COOKIEFILE => $jar, CURLOPT_TIMEOUT => 60]);
        if ($post !== null) {
            curl_setopt($ch, CURLOPT_POST, true);
            curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query($post, '', '&'));
        }
        $body = curl_exec($ch);
        $info = curl_getinfo($ch);
        $error = curl_error($ch);
        curl_close($ch);
        return [(int)($info['http_code'] ?? 0), (string)($info['content_type'] ?? ''), (string)($info['url'] ?? $url),
            $body === false ? $error : $body];
    };
    [$code, , , $body] = $get("$wwwroot/login/index.php");
    if ($code !== 200 || !preg_match('/name="logintoken" value="([^"]+)"/', $body, $m)) {
        throw new RuntimeException("login page not reachable at $wwwroot/login/index.php (HTTP $code); is start.sh running?");
    }
    [$code, , $final] = $get("$wwwroot/login/index.php",
        ['username' => $reporter['username'], 'password' => BWISE_REPORTER_PASSWORD, 'logintoken' => $m[1]]);
    if (strpos($final, '/login/index.php') !== false) {
        throw new RuntimeException("login as {$reporter['username']} failed (HTTP $code, ended at $final)");
    }
    $report['downloads'] = [];
    foreach (['csv' => $opts['out'], 'excelcsv' => $opts['out-excel'] ?? null] as $format => $out) {
        if (!$out) {
            continue;
        }
        $url = "$wwwroot/report/completion/index.php?course={$course->id}&format=$format";
        [$code, $type, , $body] = $get($url);
        if ($code !== 200 || stripos($type, 'text/html') === 0) {
            throw new RuntimeException("GET $url: HTTP $code, $type: " . substr(strip_tags($body), 0, 300));
        }
        file_put_contents($out, $body);
        $report['downloads'][] = ['format' => $format, 'url' => $url, 'http' => $code, 'content_type' => $type,
            'bytes' => strlen($body), 'sha256' => hash('sha256', $body), 'file' => $out];
    }
    @unlink($jar);
    $report['status'] = 'done';
    $status = 0;
} catch (Throwable $e) {
    $report['status'] = 'failed';
    $report['error'] = get_class($e) . ': ' . $e->getMessage() . ' at ' . $e->getFile() . ':' . $e->getLine();
    $status = 1;
}
$printed = trim(ob_get_clean());
$report['moodle_output'] = array_values(array_filter(array_merge($bwisetrace, $printed === '' ? [] : explode("\n", $printed)),
    fn($line) => trim($line) !== ''));
echo json_encode($report, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
exit($status);
