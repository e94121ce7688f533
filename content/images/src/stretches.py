#!/usr/bin/env python3
# Draws each stretch's illustration as SVG and renders it to PNG with rsvg-convert (apt: librsvg2-bin):
#   python3 content/images/src/stretches.py
# Child's Pose (childs-pose.svg) was drawn by hand and is not regenerated here.
exec(open(__import__('os').path.join(__import__('os').path.dirname(__file__), 'draw.py')).read())
def legs(hip, knee, ankle, toe, far=False, w=34):
    c = PANTS_D if far else PANTS
    return line([hip, knee], w, c) + line([knee, ankle], w-6, c) + line([(ankle[0], ankle[1]+3), toe], 16, SHOE)
def arm(sh, el, hand, far=False):
    sk = SKIN_D if far else SKIN
    sl = SHIRT_D if far else SHIRT
    return line([sh, el], 22, sl) + line([el, hand], 18, sk) + circ(hand[0], hand[1], 12, sk)

# --- upper back (refined)
s = bg() + chair(300, 300, facing=1)
s += legs((310,288),(430,292),(440,398),(478,404), far=True)
s += legs((318,292),(440,296),(452,400),(490,406))
s += line([(305,285),(312,230),(335,185),(365,165)], 56, SHIRT)
s += head(412,180,1)
s += line([(368,172),(440,185),(520,190)], 18, SKIN_D)
s += line([(360,175),(440,188)], 22, SHIRT) + line([(440,188),(522,192)], 18, SKIN) + circ(532,192,14,SKIN)
render("upper-back-stretch", s)

# --- neck side stretch: front view
s = bg()
s += '  <rect x="330" y="150" width="140" height="150" rx="20" fill="#7D7D8E"/>\n'   # chair back
s += '  <rect x="320" y="300" width="160" height="22" rx="8" fill="#6B6B7B"/>\n'
s += '  <rect x="394" y="322" width="12" height="78" fill="#55556A"/>\n'
s += '  <path d="M340,410 L460,410" stroke="#55556A" stroke-width="8" stroke-linecap="round"/>\n'
s += circ(340,412,6,"#333") + circ(460,412,6,"#333")
# legs front view
s += line([(370,305),(365,330)], 40, PANTS) + line([(430,305),(435,330)], 40, PANTS)
s += line([(362,330),(358,402)], 30, PANTS) + line([(438,330),(442,402)], 30, PANTS)
s += line([(345,408),(365,408)], 16, SHOE) + line([(435,408),(455,408)], 16, SHOE)
# torso
s += '  <rect x="350" y="185" width="100" height="130" rx="30" fill="#5B8C85"/>\n'
# arm reaching toward the floor (viewer right)
s += line([(440,200),(462,255)], 24, SHIRT) + line([(462,255),(470,330)], 18, SKIN) + circ(471,340,12,SKIN)
# arm up, hand resting on the tilted head (viewer left)
s += line([(360,200),(318,158)], 24, SHIRT) + line([(318,158),(338,112)], 18, SKIN)
# neck and tilted head
s += line([(400,196),(388,172)], 24, SKIN)
s += '  <g transform="rotate(-30 400 192)">\n'
s += '    <ellipse cx="400" cy="140" rx="30" ry="36" fill="#E8B896"/>\n'
s += '    <path d="M370,135 C370,100 430,100 430,135 C420,117 380,117 370,135 Z" fill="#5A3A2A"/>\n'
s += '    <circle cx="389" cy="143" r="3" fill="#3a2a20"/><circle cx="411" cy="143" r="3" fill="#3a2a20"/>\n'
s += '    <path d="M393,159 Q400,164 407,159" stroke="#B57A5A" stroke-width="2.5" fill="none" stroke-linecap="round"/>\n'
s += '  </g>\n'
s += circ(345,112,13,SKIN)
# ear-to-shoulder guide arc
s += '  <path d="M350,165 Q338,178 345,192" stroke="#C27C5A" stroke-width="3" fill="none" stroke-dasharray="6 6"/>\n'
render("neck-side-stretch", s)

# --- doorway chest opener: side view; forearm on the jamb behind the body, stepping through
s = bg()
s += '  <rect x="300" y="40" width="150" height="26" fill="#BBA892"/>\n'
s += '  <rect x="380" y="40" width="32" height="380" fill="#C9B8A3"/>\n'
s += '  <rect x="412" y="40" width="6" height="380" fill="#B09C86"/>\n'
s += '  <rect x="120" y="40" width="260" height="380" fill="#EDE0CF"/>\n'
s += legs((450,268),(445,338),(440,405),(472,410), far=True)
s += legs((455,268),(505,330),(515,402),(548,408))
s += arm((462,178),(404,182),(400,112), far=True)
s += line([(452,265),(462,215),(478,172)], 54, SHIRT)
s += head(505,135,1)
s += arm((468,180),(410,184),(408,114))

render("doorway-chest-opener", s)

# --- seated spinal twist: front view, chest turned to the viewer's left
s = bg()
s += '  <rect x="335" y="160" width="130" height="140" rx="20" fill="#7D7D8E"/>\n'
s += '  <rect x="320" y="300" width="160" height="22" rx="8" fill="#6B6B7B"/>\n'
s += '  <rect x="394" y="322" width="12" height="78" fill="#55556A"/>\n'
s += '  <path d="M340,410 L460,410" stroke="#55556A" stroke-width="8" stroke-linecap="round"/>\n'
s += circ(340,412,6,"#333") + circ(460,412,6,"#333")
s += line([(370,305),(365,330)], 40, PANTS) + line([(430,305),(435,330)], 40, PANTS)
s += line([(362,330),(358,402)], 30, PANTS) + line([(438,330),(442,402)], 30, PANTS)
s += line([(345,408),(365,408)], 16, SHOE) + line([(435,408),(455,408)], 16, SHOE)
# arm behind, hand on the chair back (drawn first)
s += line([(372,200),(338,222)], 22, SHIRT_D) + line([(338,222),(330,262)], 18, SKIN_D) + circ(330,268,12,SKIN_D)
# torso turned: narrower, shifted left at the shoulders
s += '  <path d="M360,315 L440,315 L430,200 Q405,180 368,186 Q350,200 352,240 Z" fill="#5B8C85"/>\n'
s += '  <path d="M400,312 Q392,260 372,200" stroke="#4A756F" stroke-width="4" fill="none"/>\n'
# neck and head in profile, looking over the left shoulder
s += line([(392,188),(388,170)], 22, SKIN)
s += head(383,140,-1)
# front arm across the body to the outside of the opposite (viewer-right) knee
s += line([(425,205),(412,262)], 22, SHIRT) + line([(412,262),(356,312)], 18, SKIN) + circ(350,316,12,SKIN)
# turning arrow
s += '  <path d="M470,95 Q420,62 360,78" stroke="#C27C5A" stroke-width="4" fill="none" stroke-dasharray="8 7"/>\n'
s += '  <path d="M366,66 L350,80 L370,88 Z" fill="#C27C5A"/>\n'
render("seated-spinal-twist", s)

# --- wrist stretch: seated side view, arm forward, palm out, fingers down, other hand pulling back
s = bg() + chair(300, 300, facing=1)
s += legs((310,288),(430,292),(440,398),(478,404), far=True)
s += legs((318,292),(440,296),(452,400),(490,406))
s += line([(305,285),(318,220),(335,175)], 56, SHIRT)
s += head(352,125,1)
# stretched arm at shoulder height
s += line([(340,180),(430,186)], 22, SHIRT) + line([(430,186),(520,190)], 18, SKIN)
# hand bent back: palm facing out, fingers pointing down
s += line([(522,190),(528,214)], 20, SKIN) + line([(528,214),(530,240)], 12, SKIN)
# other arm: elbow bent, hand holding the fingers and drawing them back
s += line([(345,195),(420,240)], 22, SHIRT_D) + line([(420,240),(515,226)], 18, SKIN_D) + circ(524,226,12,SKIN_D)
s += '  <path d="M560,238 Q566,210 548,190" stroke="#C27C5A" stroke-width="4" fill="none" stroke-dasharray="7 6"/>\n'
s += '  <path d="M540,186 L556,182 L552,198 Z" fill="#C27C5A"/>\n'
render("wrist-stretch", s)

# --- standing hamstring: heel forward, toes up, hinge from the hips, hands on the bent back thigh
s = bg()
s += legs((375,262),(368,335),(372,405),(405,410), far=True)
s += line([(382,262),(495,395)], 32, PANTS)          # straight front leg
s += line([(492,402),(508,380)], 16, SHOE)           # heel down, toes up
s += line([(372,258),(430,195),(462,168)], 54, SHIRT) # straight back, hinged
s += head(496,150,1)
s += arm((455,178),(430,245),(385,300))
s += arm((448,180),(418,248),(375,305), far=False)
render("standing-hamstring-stretch", s)

# --- standing quad: hand on the wall in front, other hand holds the ankle behind
s = bg()
s += '  <rect x="560" y="40" width="40" height="380" fill="#D8C7B2"/>\n'
s += legs((402,262),(402,338),(400,405),(432,410), far=True)
s += line([(398,262),(402,342)], 34, PANTS) + line([(402,342),(352,288)], 28, PANTS) + line([(350,284),(336,262)], 16, SHOE)
s += line([(400,262),(402,200),(404,160)], 54, SHIRT)
s += head(412,115,1)
s += arm((410,165),(480,170),(552,168), far=True)
s += arm((398,170),(378,225),(352,280))
render("standing-quad-stretch", s)

# --- hip flexor: split stance, back heel up, upright, hand on a chair back
s = bg()
cx=575
s += f'  <rect x="{cx-8}" y="200" width="16" height="210" rx="6" fill="#6B6B7B"/>\n'  # chair back post
s += f'  <rect x="{cx-4}" y="300" width="90" height="14" rx="6" fill="#6B6B7B"/>\n'
s += f'  <rect x="{cx+74}" y="314" width="10" height="96" fill="#55556A"/>\n'
s += f'  <rect x="{cx-6}" y="314" width="10" height="96" fill="#55556A"/>\n'
s += legs((402,268),(475,322),(478,402),(512,408), far=True)   # front leg
s += line([(398,268),(340,335),(290,392)], 32, PANTS) + line([(290,394),(262,410)], 16, SHOE)  # back leg straight, heel up
s += line([(400,266),(404,205),(408,162)], 54, SHIRT)
s += head(418,118,1)
s += arm((414,168),(490,190),(568,202))
s += arm((402,170),(395,230),(388,282), far=True)
render("hip-flexor-stretch", s)

# --- cat-cow (cat): hands and knees on a mat, back rounded up, head dropped
s = bg()
s += '  <rect x="170" y="408" width="440" height="12" rx="6" fill="#A99BBF"/>\n'
s += line([(330,330),(332,400)], 32, PANTS_D) + line([(332,402),(215,404)], 26, PANTS_D)
s += line([(340,330),(342,400)], 32, PANTS) + line([(342,402),(225,404)], 26, PANTS)
s += line([(332,320),(380,262),(440,248),(505,285)], 56, SHIRT)
s += arm((500,300),(505,350),(510,398), far=True)
s += arm((510,300),(515,350),(522,398))
s += head(548,345,1)
render("cat-cow", s)

# --- seated figure-four: ankle over the opposite knee, leaning forward with a straight back
s = bg() + chair(300, 300, facing=1)
s += legs((318,292),(440,296),(452,400),(490,406), far=True)
s += line([(322,282),(375,250)], 34, PANTS) + line([(375,250),(452,276)], 28, PANTS) + line([(455,276),(470,252)], 16, SHOE)
s += line([(305,285),(340,220),(378,178)], 56, SHIRT)
s += head(412,160,1)
s += arm((378,185),(400,240),(425,262))
render("seated-figure-four", s)
