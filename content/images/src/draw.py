# Shared drawing helpers for the stretch illustrations (see stretches.py and content/README.md).
import math, os, subprocess
SKIN="#E8B896"; SKIN_D="#D3A07F"; SHIRT="#5B8C85"; SHIRT_D="#4A756F"; PANTS="#3E4A61"; PANTS_D="#323C50"; SHOE="#2B2B2B"; HAIR="#5A3A2A"
def bg(extra=""):
    return f'''<svg xmlns="http://www.w3.org/2000/svg" width="800" height="500" viewBox="0 0 800 500">
  <rect width="800" height="500" fill="#FBF3E8"/>
  <circle cx="400" cy="240" r="200" fill="#F6E7D7"/>
  <rect x="0" y="420" width="800" height="80" fill="#F2E2CF"/>
  <g transform="translate(740,420)">
    <path d="M0,0 C-6,-40 -30,-60 -40,-90 C-14,-78 2,-44 0,0 Z" fill="#9CBFA7"/>
    <path d="M0,0 C4,-50 20,-80 40,-100 C40,-60 22,-30 0,0 Z" fill="#86B097"/>
    <path d="M-22,-2 L22,-2 L16,42 L-16,42 Z" fill="#D9A58C"/>
  </g>
{extra}'''
def line(pts, w, c, cap="round"):
    d="M"+" L".join(f"{x:.0f},{y:.0f}" for x,y in pts)
    return f'  <path d="{d}" fill="none" stroke="{c}" stroke-width="{w}" stroke-linecap="{cap}" stroke-linejoin="round"/>\n'
def circ(x,y,r,c): return f'  <circle cx="{x:.0f}" cy="{y:.0f}" r="{r}" fill="{c}"/>\n'
def head(x,y,facing=1,r=30):
    # side view head with hair at the back, nose toward `facing`
    s=circ(x,y,r,SKIN)
    s+=f'  <path d="M{x-facing*r*0.95:.0f},{y+4:.0f} A{r},{r} 0 0 {1 if facing>0 else 0} {x+facing*r*0.55:.0f},{y-r*0.85:.0f} C{x:.0f},{y-r*0.3:.0f} {x-facing*r*0.4:.0f},{y-r*0.1:.0f} {x-facing*r*0.95:.0f},{y+4:.0f} Z" fill="{HAIR}"/>\n'
    s+=circ(x+facing*r*0.62,y-2,3,"#3a2a20")
    return s
def chair(x, seat_y=300, back=True, facing=1, w=110):
    # office chair, side view; x = seat centre; facing = side the person faces
    s=f'  <rect x="{x-w/2:.0f}" y="{seat_y:.0f}" width="{w}" height="16" rx="7" fill="#6B6B7B"/>\n'
    if back:
        bx=x-facing*(w/2)-(12 if facing>0 else -0)
        s+=f'  <rect x="{bx:.0f}" y="{seat_y-150:.0f}" width="14" height="160" rx="6" fill="#6B6B7B"/>\n'
        s+=f'  <rect x="{bx-6 if facing>0 else bx-6:.0f}" y="{seat_y-160:.0f}" width="26" height="90" rx="10" fill="#7D7D8E"/>\n'
    s+=f'  <rect x="{x-6:.0f}" y="{seat_y+16:.0f}" width="12" height="{420-seat_y-40:.0f}" fill="#55556A"/>\n'
    s+=f'  <path d="M{x-55:.0f},412 L{x+55:.0f},412" stroke="#55556A" stroke-width="8" stroke-linecap="round"/>\n'
    s+=circ(x-55,414,6,"#333")+circ(x+55,414,6,"#333")
    return s
# The images folder: this file lives in content/images/src/.
OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def render(name, svg):
    svg += "</svg>\n"
    path = os.path.join(OUT, name)
    open(path + ".svg", "w").write(svg)
    subprocess.run(["rsvg-convert", "-w", "800", "-h", "500", "-b", "#FBF3E8", path + ".svg", "-o", path + ".png"], check=True)
