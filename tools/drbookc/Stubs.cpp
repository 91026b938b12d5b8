#include "Commands.h"
bool drbookc::checkSelected() { return false; }
int drbookc::runCheck() { return 0; }
bool drbookc::buildSelected() { return false; }
int drbookc::runBuild() { return 0; }
bool drbookc::graphSelected() { return false; }
int drbookc::runGraph() { return 0; }
bool drbookc::rulesSelected() { return false; }
int drbookc::runRules() { return 0; }
