@echo off
rem mockloop: the MockLoop database tool (mockloop db ...). Runs ..\lib\mockloop.jar on the java of JAVA_HOME, or
rem the one on PATH (Java 17 or later); JAVA_OPTS go to the JVM.
setlocal
set "APP_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA_EXE=%JAVA_HOME%\bin\java.exe") else (set "JAVA_EXE=java")
"%JAVA_EXE%" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 %JAVA_OPTS% -jar "%APP_HOME%\lib\mockloop.jar" %*
exit /b %ERRORLEVEL%
