package piapi.yaml;

/**
 * One source line that holds content (blank and comment-only lines never become a Line).
 *
 * @param number the 1-based line number in the source
 * @param text the line without its line break (and without the BOM on line 1)
 * @param indent how many leading spaces it has: the index of its first content character
 */
record Line(int number, String text, int indent) {
}
