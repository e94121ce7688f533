-- Reserved: migration 0008 is the nudges' (issue #17), built on another branch. This empty step
-- keeps the check-ins at 0009, since a migration's number is its position in the list; the
-- nudges' file replaces this one when the branches meet.
SELECT 1;
