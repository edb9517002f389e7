<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="Symbology">
  <renderer-v2 type="categorizedSymbol" attr="precision" symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
      <category value="point" symbol="0" label="point" render="true"/>
      <category value="city" symbol="1" label="city" render="true"/>
      <category value="county" symbol="2" label="county" render="true"/>
      <category value="province" symbol="3" label="province" render="true"/>
      <category value="country" symbol="4" label="country" render="true"/>
      <category value="" symbol="5" label="other" render="true"/>
    </categories>
    <symbols>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="31,78,140,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="9"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="31,78,140,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="9"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="74,120,181,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="8"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="125,156,200,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="8"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="159,176,200,230"/>
          <Option type="QString" name="outline_color" value="255,255,255,255"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="outline_width" value="1"/>
          <Option type="QString" name="outline_width_unit" value="Pixel"/>
          <Option type="QString" name="size" value="8"/>
          <Option type="QString" name="size_unit" value="Pixel"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="marker" name="5" alpha="1" clip_to_extent="1" force_rhr="0">
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
