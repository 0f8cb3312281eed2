; Fortnox Connector: additions to electron-builder's NSIS installer (electron-builder.yml `nsis.include`).
;
; customInstall is inserted at the end of the install section (app-builder-lib
; templates/nsis/installSection.nsh). For a per-machine ("all users") install, which runs elevated,
; it creates %ProgramData%\Fortnox Connector, where IT departments place managed-settings.json, with
; an admin-only ACL: owner Administrators; SYSTEM and Administrators full control; Users read and
; execute; nothing inherited from ProgramData (which lets every user create folders and files).
;
; Only the folder itself is changed (no /T): a managed-settings.json that a user planted before the
; install keeps its owner, and the app refuses it (main/config/managed-source.ts), so this step never
; turns a planted file into a trusted one. A per-user install runs without elevation and cannot set
; this ACL; it does nothing here.

!macro customInstall
  ${if} $installMode == "all"
    ; $APPDATA is ProgramData here: the per-machine install mode has called SetShellVarContext all.
    CreateDirectory "$APPDATA\Fortnox Connector"
    ; Owner first: an owner may always rewrite the ACL, whatever a planted folder's ACL denies.
    nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$APPDATA\Fortnox Connector" /setowner *S-1-5-32-544'
    Pop $0
    nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$APPDATA\Fortnox Connector" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
    Pop $0
  ${endIf}
!macroend
