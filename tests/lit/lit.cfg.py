# lit configuration for drbook: every .drbook file under tests/lit is a test.
import os
import lit.formats

config.name = "drbook"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".drbook", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py.in", "CMakeLists.txt"]
config.test_source_root = os.path.join(config.drbook_source_dir, "tests/lit")
config.test_exec_root = os.path.join(config.drbook_bin_dir, "..", "tests/lit/run")

config.substitutions.append(("%drbook_bin_dir", config.drbook_bin_dir))
config.substitutions.append(("%drbookc", os.path.join(config.drbook_bin_dir, "drbookc")))
config.substitutions.append(("%drbook ", os.path.join(config.drbook_bin_dir, "drbook") + " "))
config.substitutions.append(("%stdlib", os.path.join(config.drbook_source_dir, "stdlib")))
config.substitutions.append(("%examples", os.path.join(config.drbook_source_dir, "examples")))
config.substitutions.append(("%python", "python3"))
# The full SARIF 2.1.0 schema, which tools/setup.sh puts beside the build.
config.substitutions.append(("%sarif_schema", os.path.join(
    config.drbook_bin_dir, "..", "test-deps", "sarif-schema-2.1.0.json")))
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.drbook_bin_dir, config.environment.get("PATH", "")])
config.environment["NO_COLOR"] = "1"
config.environment["DRBOOK_STDLIB"] = os.path.join(config.drbook_source_dir, "stdlib")
