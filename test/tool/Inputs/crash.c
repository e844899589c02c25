/* Crashes clang on purpose: the pragma is clang's own crash trigger, for
   testing how a crash in one file is reported. */
#pragma clang __debug crash
int AfterTheCrash;
