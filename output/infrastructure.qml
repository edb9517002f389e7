<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="Symbology">
  <renderer-v2 type="categorizedSymbol" attr="category" symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
      <category value="fence" symbol="0" label="fence" render="true"/>
      <category value="electrified_fence" symbol="1" label="electrified fence" render="true"/>
      <category value="wall" symbol="2" label="wall" render="true"/>
      <category value="surveillance_camera" symbol="3" label="surveillance camera" render="true"/>
      <category value="guard_post" symbol="4" label="guard post" render="true"/>
      <category value="sensor" symbol="5" label="sensor" render="true"/>
      <category value="barbed_wire" symbol="6" label="barbed wire" render="true"/>
      <category value="checkpoint" symbol="7" label="checkpoint" render="true"/>
      <category value="bridge" symbol="8" label="bridge" render="true"/>
      <category value="other_infrastructure" symbol="9" label="other infrastructure" render="true"/>
      <category value="" symbol="10" label="other" render="true"/>
    </categories>
    <symbols>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="33,102,172,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="5,48,97,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="14"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="67,147,195,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="1,102,94,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="53,151,143,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="5" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="128,205,193,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="6" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="90,174,97,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="7" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="0,60,48,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="8" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="146,197,222,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="12"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="9" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="107,174,214,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="10"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="10" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="136,136,136,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="8"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
    <source-symbol>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="136,136,136,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="8"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
    </source-symbol>
  </renderer-v2>
</qgis>
