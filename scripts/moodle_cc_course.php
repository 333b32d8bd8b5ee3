<?php
// What a course restored from a bwise-mooc Common Cartridge holds in a real Moodle, read through
// Moodle's own API, and a learner's attempt at one of its quizzes (scripts/moodle_cc_check.py).
// Moodle is never modified: this is a CLI script run with Moodle's PHP, like the import scripts
// of the test set-up (../shared/moodle/).
//
//   php moodle_cc_course.php --moodle=DIR --courseid=N
//       pages (content, the files its pictures and links use, whether each is in the page's
//       file area, links left relative), quizzes (attempts allowed, questions by type)
//   php moodle_cc_course.php --moodle=DIR --attempt=CMID --mode=right|mixed
//       a learner (created and enrolled once) answers every question right (right), or every
//       other one wrong (mixed); reports each slot's mark, the quiz grade and the gradebook's
//   php moodle_cc_course.php --moodle=DIR --grade=CMID
//       the learner's grade of the quiz in the gradebook
//   php moodle_cc_course.php --moodle=DIR --recompute=CMID
//       the quiz's total of marks recomputed from its questions, as Moodle does whenever a
//       teacher changes a question's mark on the quiz's Questions page (edit_rest.php,
//       updatemaxmark): Moodle's CC importer writes every quiz's total as 4
//       (backup/cc/sheets/course_modules_mod_quiz.xml), whatever its number of questions
//
// Prints one JSON object. Exit status: 0 done, 1 failed, 2 usage error.

define('CLI_SCRIPT', true);

$opts = [];
foreach (array_slice($argv, 1) as $arg) {
    if (!preg_match('/^--([a-z]+)=(.*)$/s', $arg, $m) || !in_array($m[1], ['moodle', 'courseid', 'attempt', 'mode', 'recompute', 'grade'], true)) {
        fwrite(STDERR, "usage: php moodle_cc_course.php --moodle=DIR (--courseid=N | --attempt=CMID --mode=right|mixed | --recompute=CMID | --grade=CMID)\n");
        exit(2);
    }
    $opts[$m[1]] = $m[2];
}
if (empty($opts['moodle']) || !is_file($opts['moodle'] . '/config.php') || (empty($opts['courseid']) && empty($opts['attempt']) && empty($opts['recompute']) && empty($opts['grade']))) {
    fwrite(STDERR, "usage: php moodle_cc_course.php --moodle=DIR (--courseid=N | --attempt=CMID --mode=right|mixed | --recompute=CMID | --grade=CMID)\n");
    exit(2);
}
require_once($opts['moodle'] . '/config.php');
require_once($CFG->libdir . '/clilib.php');
require_once($CFG->libdir . '/gradelib.php');
require_once($CFG->libdir . '/enrollib.php');
require_once($CFG->dirroot . '/user/lib.php');
require_once($CFG->dirroot . '/mod/quiz/locallib.php');
\core\session\manager::set_user(get_admin());

/**
 * Every value of a src or href attribute in an HTML text.
 */
function bwise_references(string $html): array {
    preg_match_all('/\b(?:src|href)\s*=\s*"([^"]*)"/i', $html, $found);
    return $found[1];
}

/**
 * The pages and quizzes of the course.
 */
function bwise_course_report(int $courseid): array {
    global $DB;
    $modinfo = get_fast_modinfo($courseid);
    $fs = get_file_storage();
    $report = ['courseid' => $courseid, 'pages' => [], 'quizzes' => []];
    foreach ($modinfo->get_cms() as $cm) {
        if ($cm->modname === 'page') {
            $content = (string)$DB->get_field('page', 'content', ['id' => $cm->instance]);
            $context = context_module::instance($cm->id);
            $files = [];
            foreach ($fs->get_area_files($context->id, 'mod_page', 'content', false, 'filepath, filename', false) as $file) {
                $files[] = ltrim($file->get_filepath() . $file->get_filename(), '/');
            }
            $refs = bwise_references($content);
            $infiles = [];
            $missing = [];
            $relative = [];
            foreach ($refs as $ref) {
                if (strpos($ref, '@@PLUGINFILE@@/') === 0) {
                    $path = rawurldecode(substr($ref, strlen('@@PLUGINFILE@@/')));
                    if (in_array($path, $files, true)) {
                        $infiles[] = $path;
                    } else {
                        $missing[] = $path;
                    }
                } else if ($ref !== '' && $ref[0] !== '#' && !preg_match('~^[a-z][a-z0-9+.-]*:~i', $ref)) {
                    $relative[] = $ref;
                }
            }
            preg_match('/<div lang="([^"]*)" dir="([^"]*)"/', $content, $wrapper);
            $report['pages'][] = ['cmid' => (int)$cm->id, 'section' => (int)$cm->sectionnum, 'name' => $cm->name,
                'content_chars' => strlen($content), 'images' => preg_match_all('/<img\b/i', $content),
                'files' => $files, 'references_in_files' => $infiles, 'references_missing' => $missing,
                'references_relative' => $relative, 'lang' => $wrapper[1] ?? null, 'dir' => $wrapper[2] ?? null,
                'content' => $content];
        } else if ($cm->modname === 'quiz') {
            $quiz = $DB->get_record('quiz', ['id' => $cm->instance], '*', MUST_EXIST);
            $types = $DB->get_records_sql_menu("
                SELECT q.qtype, COUNT(1)
                  FROM {quiz_slots} qs
                  JOIN {question_references} qr ON qr.itemid = qs.id AND qr.component = 'mod_quiz'
                       AND qr.questionarea = 'slot'
                  JOIN {question_versions} qv ON qv.questionbankentryid = qr.questionbankentryid
                  JOIN {question} q ON q.id = qv.questionid
                 WHERE qs.quizid = ?
              GROUP BY q.qtype", [$quiz->id]);
            $report['quizzes'][] = ['cmid' => (int)$cm->id, 'section' => (int)$cm->sectionnum, 'name' => $cm->name,
                'attempts' => (int)$quiz->attempts, 'grade' => (float)$quiz->grade, 'sumgrades' => (float)$quiz->sumgrades,
                'by_type' => array_map('intval', $types)];
        }
    }
    return $report;
}

/**
 * The learner of these checks, enrolled as a student in the course.
 */
function bwise_learner(int $courseid): stdClass {
    global $DB, $CFG;
    $user = $DB->get_record('user', ['username' => 'bwise_cc_learner', 'deleted' => 0]);
    if (!$user) {
        $id = user_create_user((object)['username' => 'bwise_cc_learner', 'password' => 'Learner-test-1',
            'firstname' => 'Cartridge', 'lastname' => 'Learner', 'email' => 'learner@example.invalid',
            'auth' => 'manual', 'confirmed' => 1, 'mnethostid' => $CFG->mnet_localhost_id]);
        $user = $DB->get_record('user', ['id' => $id], '*', MUST_EXIST);
    }
    $student = $DB->get_field('role', 'id', ['shortname' => 'student'], MUST_EXIST);
    if (!enrol_try_internal_enrol($courseid, $user->id, $student)) {
        throw new moodle_exception('the learner could not be enrolled (no manual enrolment in the course)');
    }
    return $user;
}

/**
 * A wrong response to the question in $slot (the mixed mode's even slots).
 */
function bwise_wrong_response(question_usage_by_activity $quba, int $slot): array {
    $qa = $quba->get_question_attempt($slot);
    $question = $qa->get_question();
    $right = $quba->get_correct_response($slot);
    switch ($question->get_type_name()) {
        case 'truefalse':
            return ['answer' => $right['answer'] ? 0 : 1];
        case 'shortanswer':
            return ['answer' => 'bwise wrong answer'];
        case 'multichoice':
            $order = $question->get_order($qa);
            $response = [];
            foreach ($order as $index => $answerid) {
                if ($question->answers[$answerid]->fraction <= 0) {
                    if ($question instanceof qtype_multichoice_single_question) {
                        return ['answer' => $index];
                    }
                    $response['choice' . $index] = 1;
                }
            }
            return $response;
    }
    return [];
}

/**
 * A learner's attempt at the quiz of $cmid, answered as $mode says, and the grades it got.
 */
function bwise_attempt(int $cmid, string $mode): array {
    global $DB;
    $cm = get_coursemodule_from_id('quiz', $cmid, 0, false, MUST_EXIST);
    $user = bwise_learner((int)$cm->course);
    \core\session\manager::set_user($user);
    $quizobj = \mod_quiz\quiz_settings::create($cm->instance, $user->id);
    $previous = $DB->count_records('quiz_attempts', ['quiz' => $cm->instance, 'userid' => $user->id]);
    $timenow = time();
    $quba = question_engine::make_questions_usage_by_activity('mod_quiz', $quizobj->get_context());
    $quba->set_preferred_behaviour($quizobj->get_quiz()->preferredbehaviour);
    $attempt = quiz_create_attempt($quizobj, $previous + 1, null, $timenow, false, $user->id);
    quiz_start_new_attempt($quizobj, $quba, $attempt, $previous + 1, $timenow);
    quiz_attempt_save_started($quizobj, $quba, $attempt);
    $responses = [];
    $expected = 0;
    foreach ($quba->get_slots() as $slot) {
        $wrong = $mode === 'mixed' && $slot % 2 === 0;
        $responses[$slot] = $wrong ? bwise_wrong_response($quba, $slot) : $quba->get_correct_response($slot);
        $expected += $wrong ? 0 : 1;
    }
    // The learner's answers as the quiz page posts them (raw step data of each question).
    $attemptobj = \mod_quiz\quiz_attempt::create($attempt->id);
    $usage = question_engine::load_questions_usage_by_activity($attemptobj->get_uniqueid());
    foreach ($responses as $slot => $response) {
        $usage->process_action($slot, $response, $timenow);
    }
    question_engine::save_questions_usage_by_activity($usage);
    $attemptobj = \mod_quiz\quiz_attempt::create($attempt->id);
    $attemptobj->process_finish($timenow, false);
    $attemptobj = \mod_quiz\quiz_attempt::create($attempt->id);
    $slots = [];
    foreach ($attemptobj->get_slots() as $slot) {
        $qa = $attemptobj->get_question_attempt($slot);
        $slots[] = ['slot' => $slot, 'qtype' => $qa->get_question()->get_type_name(), 'mark' => (float)$qa->get_mark(),
            'max' => (float)$qa->get_max_mark(), 'state' => (string)$qa->get_state()];
    }
    $quiz = $quizobj->get_quiz();
    $count = count($slots);
    return ['cmid' => $cmid, 'mode' => $mode, 'attempt' => $previous + 1, 'state' => $attemptobj->get_state(),
        'slots' => $slots, 'sumgrades' => (float)$attemptobj->get_sum_marks(), 'quiz_sumgrades' => (float)$quiz->sumgrades,
        'expected_percent' => $count ? round(100 * $expected / $count, 2) : null,
        'attempt_percent' => $quiz->sumgrades > 0 ? round(100 * $attemptobj->get_sum_marks() / $quiz->sumgrades, 2) : null,
    ] + bwise_gradebook($cm, (int)$user->id);
}

/**
 * The learner's grade of the quiz of $cm in the gradebook.
 */
function bwise_gradebook(stdClass $cm, int $userid): array {
    $grades = grade_get_grades($cm->course, 'mod', 'quiz', $cm->instance, $userid);
    $item = $grades->items[0] ?? null;
    $final = $item ? $item->grades[$userid]->grade : null;
    return ['gradebook_grade' => $final === null ? null : (float)$final, 'gradebook_max' => $item ? (float)$item->grademax : null,
        'gradebook_percent' => ($item && $final !== null && $item->grademax > 0) ? round(100 * $final / $item->grademax, 2) : null];
}

/**
 * The quiz's total of marks (and its grades) recomputed as Moodle does when a mark changes.
 */
function bwise_recompute(int $cmid): array {
    $cm = get_coursemodule_from_id('quiz', $cmid, 0, false, MUST_EXIST);
    $quizobj = \mod_quiz\quiz_settings::create($cm->instance);
    $before = (float)$quizobj->get_quiz()->sumgrades;
    $calculator = $quizobj->get_grade_calculator();
    quiz_delete_previews($quizobj->get_quiz());
    $calculator->recompute_quiz_sumgrades();
    $calculator->recompute_all_attempt_sumgrades();
    $calculator->recompute_all_final_grades();
    quiz_update_grades($quizobj->get_quiz(), 0, true);
    return ['cmid' => $cmid, 'sumgrades_before' => $before, 'sumgrades_after' => (float)$quizobj->get_quiz()->sumgrades];
}

try {
    if (!empty($opts['courseid'])) {
        $report = bwise_course_report((int)$opts['courseid']);
    } else if (!empty($opts['recompute'])) {
        $report = bwise_recompute((int)$opts['recompute']);
    } else if (!empty($opts['grade'])) {
        $cm = get_coursemodule_from_id('quiz', (int)$opts['grade'], 0, false, MUST_EXIST);
        $learner = $DB->get_record('user', ['username' => 'bwise_cc_learner', 'deleted' => 0], '*', MUST_EXIST);
        $report = ['cmid' => (int)$opts['grade']] + bwise_gradebook($cm, (int)$learner->id);
    } else {
        $mode = $opts['mode'] ?? 'right';
        if (!in_array($mode, ['right', 'mixed'], true)) {
            fwrite(STDERR, "--mode is right or mixed\n");
            exit(2);
        }
        $report = bwise_attempt((int)$opts['attempt'], $mode);
    }
    $report['status'] = 'ok';
    echo json_encode($report, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
    exit(0);
} catch (Throwable $e) {
    echo json_encode(['status' => 'failed', 'error' => get_class($e) . ': ' . $e->getMessage() . ' at ' . $e->getFile() . ':' . $e->getLine()],
        JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
    exit(1);
}
