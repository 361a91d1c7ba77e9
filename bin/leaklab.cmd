@echo off
rem Starts the built LeakLab: no arguments opens the workbench, a subcommand runs the command line.
rem Build it first with: mvnw.cmd -B package -DskipTests
setlocal
set "HERE=%~dp0.."
if not exist "%HERE%\target\leaklab.jar" (
  echo error: %HERE%\target\leaklab.jar not found; build LeakLab first: mvnw.cmd -B package -DskipTests 1>&2
  exit /b 1
)
set "JAVA_CMD=java"
if defined JAVA_HOME set "JAVA_CMD=%JAVA_HOME%\bin\java"
if not defined OMP_NUM_THREADS set "OMP_NUM_THREADS=1"
"%JAVA_CMD%" -XX:MaxRAMPercentage=50 %LEAKLAB_JAVA_OPTS% --module-path "%HERE%\target\javafx" @"%HERE%\bin\javafx.args" -cp "%HERE%\target\leaklab.jar;%HERE%\target\lib\*" dev.leaklab.Launcher %*
exit /b %ERRORLEVEL%
