// Any address no other route knows: a 404 through the root's error page. Being a matched
// route, it lets the root loader run, so the page is in the person's language.
export async function loader() {
  throw new Response(null, { status: 404 });
}

export default function NotFound() {
  return null;
}
