/* WPP configuration of the synthetic driver; the harness makes the trace
   macros from it.
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
*/
