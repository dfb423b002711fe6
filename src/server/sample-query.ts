/** Ids the explorers' sample query reads: demo mode's seeded calendar (src/emulator/demo-data.ts). */
export interface ExplorerSample {
  calendarId: string;
}

/**
 * The query both explorers open with. It must run as it is: with demo data it lists the seeded calendar's
 * schedules; without, it asks only for `__typename` (no made-up id that would answer an error) and shows
 * a schedule query in comments.
 */
export function sampleQuery(sample?: ExplorerSample): string {
  if (!sample) {
    return `# The WeCom schedule gateway. This runs as it is (press ▶ or Ctrl-Enter).
# To read a schedule, put one of your app's schedule ids in $id and run this instead:
#
# query Schedule($id: ID! = "<schedule id>") {
#   schedule(id: $id) { id summary startTime endTime attendees { userId response } }
# }
query Hello {
  __typename
}
`;
  }
  return `# The WeCom schedule gateway, demo mode: the built-in WeCom emulator holds a demo
# calendar created at start. Press ▶ (or Ctrl-Enter) to list its schedules.
query DemoCalendar($calendarId: ID! = ${JSON.stringify(sample.calendarId)}) {
  calendar(id: $calendarId) {
    id
    summary
    schedules(first: 10) {
      edges {
        node {
          id
          summary
          location
          startTime
          endTime
          attendees { userId response }
        }
      }
    }
  }
}
`;
}
