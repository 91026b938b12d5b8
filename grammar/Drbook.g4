// The drbook language: a disaster-recovery runbook as a program. docs/language.md is the
// reference users read; this grammar is what the parser accepts. Keywords that are also natural
// step or probe names (version, file, log, ...) stay usable as identifiers through `name`.
grammar Drbook;

// Base classes of the generated parser and contexts: the runtime without dynamic_casts on the
// hot path.
options { superClass = ParserBase; contextSuperClass = RuleContextBase; }
@parser::header { #include "ParserBase.h" }

// ---------------------------------------------------------------------------------------------
// Files

file        : (runbook | module) EOF ;
runbook     : 'runbook' name STRING? '{' item* '}' ;
module      : 'module' name STRING? '{' item* '}' ;

item
  : 'version' STRING                                            # versionItem
  | 'owner' STRING                                              # ownerItem
  | 'objectives' '{' objective* '}'                             # objectivesItem
  | 'import' importTarget ('as' name)?                          # importItem
  | 'param' name ':' type ('max' max=INT)? ('=' expr)?          # paramItem
  | 'secret' name ':' type 'from' secretSource STRING           # secretItem
  | 'state' name ':' type '=' expr                              # stateItem
  | 'probe' name actionParams? ':' probeKind probeOption*       # probeItem
  | 'action' name actionParams? STRING? actionFlag* onHost? actionBody # actionItem
  | phase                                                       # phaseItem
  | 'scenario' name STRING? '{' (phase | scenarioPart)* '}'     # scenarioItem
  | invariant                                                   # invariantItem
  | 'on' 'failure' block                                        # onFailureItem
  | 'finally' block                                             # finallyItem
  | 'procedure' name actionParams? STRING? block                # procedureItem
  | envBlock                                                    # envItem
  | 'host' name ':' 'ssh' expr hostOption*                      # hostItem
  ;

// `host db1: ssh "postgres@db1.internal" port 2222 identity deploy_key known_hosts "…"`.
hostOption : 'port' expr | 'identity' expr | 'known_hosts' expr ;

objective    : ('rto' | 'rpo') expr ;

// What a scenario holds besides its phases: its own objectives, invariants that hold only in
// it, and its cleanup.
scenarioPart
  : 'objectives' '{' objective* '}'                             # scenarioObjectives
  | invariant                                                   # scenarioInvariant
  | 'finally' block                                             # scenarioFinally
  ;
importTarget : qualifiedName | STRING ;
secretSource : 'env' | 'file' ;

// `env { PGHOST = "{host}", PGPASSWORD = db_password }`: what commands get in their environment.
envBlock   : 'env' '{' (envBinding (',' envBinding)* ','?)? '}' ;
envBinding : name '=' expr ;

// `output id: string from json "$[0].short_id"`: a value read from what a step observed.
// `secret` (a keyword elsewhere) types a captured value that is kept secret.
output        : 'output' name ':' (type | secret='secret') 'from' captureSource ;
captureSource : source=name STRING? ('matches' expr)? ;

type
  : 'enum' '{' name (',' name)* ','? '}'                        # enumType
  | 'list' '<' type '>'                                         # listType
  | name                                                        # namedType
  ;

// ---------------------------------------------------------------------------------------------
// Probes

probeKind
  : 'http' name expr                                            # httpProbe
  | 'cmd' expr                                                  # cmdProbe
  | 'tcp' expr                                                  # tcpProbe
  | 'sql' expr 'query' expr                                     # sqlProbe
  | 'log' expr ('where' expr)?                                  # logProbe
  | 'file' expr                                                 # fileProbe
  | 'dns' expr ('type' name | 'server' expr)*                   # dnsProbe
  | 'tls' expr ('sni' expr | 'ca' expr)*                        # tlsProbe
  ;

probeOption
  : 'expect' expr                                               # expectOption
  | 'timeout' expr                                              # timeoutOption
  | 'bearer' name                                               # bearerOption
  | 'header' STRING '=' expr                                    # headerOption
  | 'body' expr                                                 # bodyOption
  | 'window' expr                                               # windowOption
  | 'insecure'                                                  # insecureOption
  | output                                                      # outputOption
  | envBlock                                                    # envOption
  ;

// ---------------------------------------------------------------------------------------------
// Actions

actionParams : '(' (actionParam (',' actionParam)*)? ')' ;
// A host name is a plain identifier, so `on failure` never reads as a host.
onHost       : 'on' host=ID ;
actionParam  : name ':' type ('=' expr)? ;
actionFlag   : 'destructive' | 'idempotent' ;
actionBody   : '{' actionClause* '}' ;

actionClause
  : 'run' expr                                                  # runClause
  | 'requires' expr                                             # requiresClause
  | 'effects' effect (',' effect)*                              # effectsClause
  | 'timeout' expr                                              # actionTimeoutClause
  | 'retries' expr                                              # retriesClause
  | 'covers' nameList                                           # coversClause
  | 'match' expr '{' actionArm* '}'                             # actionMatchClause
  | 'if' expr actionBody ('else' actionBody)?                   # actionIfClause
  | output                                                      # outputClause
  | envBlock                                                    # envClause
  | 'user' expr                                                 # userClause
  | 'workdir' expr                                              # workdirClause
  | estimate                                                    # estimateClause
  ;

effect    : qualifiedName '=' expr ('when' expr)? ;
actionArm : (name (',' name)* | '_') '=>' (actionBody | actionClause) ;

// ---------------------------------------------------------------------------------------------
// Phases and steps

phase     : phaseKind ('on' 'failure' block)? block ;
phaseKind : 'detection' | 'containment' | 'recovery' | 'validation' ;
block     : '{' step* '}' ;

step : stepBody ('on' 'failure' block)? ;

stepBody
  : 'check' soft='soft'? probeList                              # checkStep
  | 'must' probeList                                            # mustStep
  | 'do' qualifiedName callArgs? onHost?                        # doStep
  | 'run' command=expr onHost? ('timeout' timeout=expr)? ('retries' retries=expr)? actionFlag* # runStep
  | 'manual' expr estimate? ('approves' nameList)?              # manualStep
  | 'verify' expr estimate?                                     # verifyStep
  | 'note' expr                                                 # noteStep
  | 'decide' name '{' (askClause | whenArm* otherwiseArm?) '}'  # decideStep
  | 'if' expr block ('else' (block | ifElse))?                  # ifStep
  | 'match' expr '{' stepArm* '}'                               # matchStep
  | 'parallel' '{' parallelBranch* '}'                          # parallelStep
  | 'wait' probeRef 'until' expr 'within' expr ('every' expr)?  # waitStep
  | 'abort' expr                                                # abortStep
  | 'escalate' expr                                             # escalateStep
  | 'ask' name ':' (type | secret='secret') STRING askRule?     # askStep
  | par='parallel'? 'each' name 'in' expr ('max' max=INT)? block # eachStep
  // Only at the top of a phase, where it holds for that phase; anywhere else is an error.
  | invariant                                                   # invariantStep
  ;

// `estimate 10m..2h`: the usual time, then the worst; `estimate 30m` is both.
estimate : 'estimate' expected=expr ('..' worst=expr)? ;

// The answers an `ask` step accepts: text matching a pattern, or a number or duration in range.
askRule : 'matches' expr | 'in' lo=expr '..' hi=expr ;

ifElse         : 'if' expr block ('else' (block | ifElse))? ;
nameList       : qualifiedName (',' qualifiedName)* ;
// `ready`, `ready("db1")`: a probe, with the arguments of a probe that takes parameters.
probeList      : probeRef (',' probeRef)* ;
probeRef       : qualifiedName callArgs? ;
callArgs       : '(' (expr (',' expr)*)? ')' ;
whenArm        : 'when' expr '=>' name ;
otherwiseArm   : 'otherwise' (name | askClause) ;
askClause      : 'ask' STRING '{' askOption* '}' ;
askOption      : name STRING? ;
stepArm        : (name (',' name)* | '_') '=>' (block | step) ;
parallelBranch : block | step ;

// ---------------------------------------------------------------------------------------------
// Invariants

invariant : 'invariant' STRING? ':' invariantBody ;

invariantBody
  : 'before' qualifiedName 'require' expr                       # beforeInvariant
  | 'after' qualifiedName 'eventually' qualifiedName            # eventuallyInvariant
  | 'never' qualifiedName 'after' qualifiedName                 # neverAfterInvariant
  ;

// ---------------------------------------------------------------------------------------------
// Expressions, lowest precedence last

expr
  : INT                                                         # intLiteral
  | FLOAT                                                       # floatLiteral
  | DURATION                                                    # durationLiteral
  | STRING                                                      # stringLiteral
  | REGEX                                                       # regexLiteral
  | ('true' | 'false')                                          # boolLiteral
  | '[' (expr (',' expr)*)? ','? ']'                            # listLiteral
  | '(' expr ')'                                                # parenExpr
  | name                                                        # nameRef
  | expr '.' name                                               # fieldExpr
  | expr '(' (expr (',' expr)*)? ')'                            # callExpr
  | '-' expr                                                    # negateExpr
  | expr op=('*' | '%') expr                                    # mulExpr
  | expr op=('+' | '-') expr                                    # addExpr
  | expr op=('==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'matches' | 'in') expr # compareExpr
  | 'not' expr                                                  # notExpr
  | expr 'and' expr                                             # andExpr
  | expr 'or' expr                                              # orExpr
  ;

// Literals are alternatives of `expr` itself rather than of a separate `primary` rule: one
// parse-tree level less for every operand is a measurable share of parsing time.

qualifiedName : name ('.' name)* ;

// Contextual keywords: reserved where they start a construct, plain names everywhere else.
name
  : ID
  | 'version' | 'owner' | 'objectives' | 'rto' | 'rpo' | 'env' | 'file' | 'log' | 'cmd'
  | 'http' | 'tcp' | 'sql' | 'query' | 'where' | 'window' | 'body' | 'header' | 'bearer'
  | 'timeout' | 'expect' | 'insecure' | 'retries' | 'estimate' | 'soft' | 'scenario' | 'list'
  | 'detection' | 'containment' | 'recovery' | 'validation' | 'module' | 'from' | 'as'
  | 'before' | 'after' | 'require' | 'eventually' | 'never' | 'failure' | 'within' | 'every'
  | 'until' | 'destructive' | 'idempotent' | 'effects' | 'requires' | 'approves'
  | 'covers' | 'dns' | 'type' | 'server' | 'tls' | 'sni' | 'ca' | 'output' | 'host' | 'ssh'
  | 'port' | 'identity' | 'known_hosts' | 'user' | 'workdir' | 'max' | 'each'
  | 'verify' | 'note' | 'finally' | 'procedure'
  ;

// ---------------------------------------------------------------------------------------------
// Tokens

DURATION : ([0-9]+ ('ms' | 's' | 'm' | 'h' | 'd'))+ ;
FLOAT    : [0-9]+ '.' [0-9]+ ;
INT      : [0-9]+ ;
// A number run into letters (`5min`, `3x`) is one bad token, so the message can name it whole.
BAD_NUMBER : [0-9]+ ('.' [0-9]+)? [a-zA-Z_] [a-zA-Z_0-9]* ;
STRING   : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;
// A regex never starts with a space, so `a / b` could never be one; drbook has no division.
// Its first character may be an escape too: `/\/api\/v1/` is one regex.
REGEX    : '/' (~[ /*\\\r\n] | '\\' ~[\r\n]) (~[/\\\r\n] | '\\' ~[\r\n])* '/' ;
ID       : [a-zA-Z_] [a-zA-Z_0-9]* ;

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
WS            : [ \t\r\n]+ -> skip ;
// Anything else is one bad character; the parser reports it with its location.
BAD_CHAR      : . ;
