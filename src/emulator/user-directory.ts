/**
 * The corp's members as far as the emulator cares: everyone exists unless a test marked them unknown
 * (`markUnknownUsers`). Only calendar shares consult it (per-member `fail_result`, errcode 60111).
 */
export class UserDirectory {
  private readonly unknown = new Set<string>();

  markUnknown(userids: readonly string[]): void {
    for (const userid of userids) this.unknown.add(userid);
  }

  exists(userid: string): boolean {
    return !this.unknown.has(userid);
  }
}
